import { imageRepository, mapImages, runAsIs } from './image-mapping.ts';
import { expandReferences } from './pod-env.ts';
import { rewriteMountPaths } from './pod-volumes.ts';

describe('how the process kubelet maps a container to a process', () => {
  const mounts = [
    { mountPath: '/etc/app', localPath: '/run/p1/volumes/config' },
    { mountPath: '/etc/app/tls/', localPath: '/run/p1/volumes/tls' },
  ];

  it.each([
    ['--config=/etc/app/c.yaml', '--config=/run/p1/volumes/config/c.yaml'],
    ['/etc/app', '/run/p1/volumes/config'],
    ['/etc/app/tls/ca.pem', '/run/p1/volumes/tls/ca.pem'],
    ['/etc/apple/x', '/etc/apple/x'],
    ['/opt/etc/app/x', '/opt/etc/app/x'],
    ['a=/etc/app/x,b=/etc/app/tls/k', 'a=/run/p1/volumes/config/x,b=/run/p1/volumes/tls/k'],
  ])('rewrites mount paths where a path starts: %s', (text, expected) => {
    expect(rewriteMountPaths(text, mounts)).toBe(expected);
  });

  it("expands $(VAR) like Kubernetes: defined names, $$ escapes, unknown names kept", () => {
    expect(expandReferences('$(A)-$(B)-$$(A)-$(UNSET)', { A: 'x', B: '' })).toBe('x--$(A)-$(UNSET)');
  });

  it('maps images by repository, whatever the tag or digest', () => {
    expect(imageRepository('reg:5000/team/app:1.2@sha256:abc')).toBe('reg:5000/team/app');
    expect(imageRepository('app')).toBe('app');
    const map = mapImages({ 'kafka-mirror-operator': () => ({ command: 'node', args: ['main.ts'] }) });
    expect(map({ image: 'kafka-mirror-operator:0.1.0', command: [], args: [] })).toEqual({ command: 'node', args: ['main.ts'] });
    expect(map({ image: 'busybox', command: ['sleep'], args: ['5'] })).toEqual({ command: 'sleep', args: ['5'] });
    expect(() => runAsIs({ image: 'busybox', command: [], args: [] })).toThrow(/entrypoint/);
  });
});
