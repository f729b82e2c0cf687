/** Who can reach a port: this machine's own network address, and plain TCP connection attempts. */
import { connect } from "node:net";
import { networkInterfaces } from "node:os";

/** This machine's first IPv4 address that other machines can reach it on. */
export function networkAddress(): string | undefined {
  const addresses = Object.values(networkInterfaces()).flat();
  return addresses.find((address) => address && !address.internal && address.family === "IPv4")?.address;
}

/** Whether a TCP connection to host:port is accepted ("connected") or refused ("refused"). */
export function tryConnect(host: string, port: number): Promise<"connected" | "refused"> {
  return new Promise((answered, failed) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once("connect", () => {
      socket.destroy();
      answered("connected");
    });
    socket.once("timeout", () => socket.destroy(new Error(`no answer from ${host}:${port}`)));
    socket.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNREFUSED" ? answered("refused") : failed(error),
    );
  });
}
