import { nodeBinary } from './binaries.ts';

/** What a Pod asks to run: its first container's image, command (entrypoint) and args. */
export interface ContainerToRun {
  image: string;
  command: string[];
  args: string[];
}

/** What the process kubelet runs on this machine instead. */
export interface LocalCommand {
  command: string;
  args: string[];
  /** Default: the Pod's own folder. */
  cwd?: string;
  /** Added under the Pod's env (the image's ENV, in container terms). */
  env?: Record<string, string>;
  /**
   * The command and this many leading args are the image's own (paths on this machine), not the Pod's:
   * they are not rewritten to mount folders. A project under /tmp must not have its node binary
   * taken for a path inside a Pod's /tmp volume.
   */
  imageArgs?: number;
}

/**
 * Maps a container to a local command. There are no images here (no container runtime), so a test says
 * what an image is: for the operator, `kafka-mirror-operator:*` -> `node <root>/src/...ts`.
 */
export type ImageMapper = (container: ContainerToRun) => LocalCommand;

/** The default: the container's command and args, run as they are (the image's entrypoint is unknown). */
export const runAsIs: ImageMapper = ({ image, command, args }) => {
  const [first, ...rest] = [...command, ...args];
  if (!first) throw new Error(`a container of image ${image} has no command, and the process kubelet cannot know the image's entrypoint`);
  return { command: first, args: rest };
};

/** The image's repository, without tag or digest: `reg:5000/a/b:1.2@sha256:..` -> `reg:5000/a/b`. */
export const imageRepository = (image: string): string => image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');

/** Maps images by repository; any other image goes to `fallback`. */
export function mapImages(byRepository: Record<string, ImageMapper>, fallback: ImageMapper = runAsIs): ImageMapper {
  return (container) => (byRepository[imageRepository(container.image)] ?? fallback)(container);
}

/**
 * An image whose ENTRYPOINT is `node <script>`: args become the script's arguments. A container that
 * sets `command` replaces the entrypoint, as in Kubernetes, and runs as is.
 */
export function nodeScriptImage(script: string, env: Record<string, string> = {}): ImageMapper {
  return (container) => (container.command.length > 0 ? runAsIs(container) : { command: nodeBinary, args: [script, ...container.args], env, imageArgs: 1 });
}
