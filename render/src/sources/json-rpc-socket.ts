/**
 * A small JSON-RPC 2.0 client over a browser WebSocket: requests get promises, notifications go
 * to one handler. The handler runs as messages arrive and must stay cheap (the viewer only keeps
 * the newest frame), so a fast simulation never waits on the page.
 */
export interface JsonRpcError {
  code: number;
  message: string;
  data?: unknown;
}

export class JsonRpcSocket {
  private readonly socket: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  onNotification: (method: string, params: unknown) => void = () => {};
  onClose: (reason: string) => void = () => {};

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.onmessage = (message) => this.receive(String(message.data));
    socket.onclose = (event) => {
      for (const { reject } of this.pending.values()) reject(new Error('connection closed'));
      this.pending.clear();
      this.onClose(event.reason || `closed (code ${event.code})`);
    };
  }

  static connect(url: string, timeoutMs = 10000): Promise<JsonRpcSocket> {
    // Messages name the address without its query, so a `?token=` never reaches the page.
    const shown = url.replace(/\?.*$/, '');
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error(`no answer from ${shown} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      socket.onopen = () => {
        clearTimeout(timer);
        resolve(new JsonRpcSocket(socket));
      };
      socket.onerror = () => {
        clearTimeout(timer);
        reject(new Error(`cannot connect to ${shown}`));
      };
    });
  }

  request<T = unknown>(method: string, params: unknown = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
  }

  private receive(text: string): void {
    let message: { id?: number; method?: string; params?: unknown; result?: unknown; error?: JsonRpcError };
    try {
      message = JSON.parse(text);
    } catch {
      return; // not JSON-RPC; nothing to answer
    }
    if (message.method) {
      this.onNotification(message.method, message.params);
      return;
    }
    const waiter = message.id !== undefined ? this.pending.get(message.id) : undefined;
    if (!waiter) return;
    this.pending.delete(message.id!);
    if (message.error) {
      const error = new Error(`${message.error.message} (JSON-RPC ${message.error.code})`);
      (error as Error & { rpc?: JsonRpcError }).rpc = message.error;
      waiter.reject(error);
    } else waiter.resolve(message.result);
  }
}
