// The few extension APIs the test wallet uses, typed here so it compiles under any tsconfig (the repo's
// root one has no DOM or chrome types).

export interface ChromeEvent<Listener> {
  addListener(listener: Listener): void;
}

export interface Port {
  name: string;
  sender?: { id?: string; url?: string; origin?: string; tab?: unknown };
  postMessage(message: unknown): void;
  onMessage: ChromeEvent<(message: unknown) => void>;
  onDisconnect: ChromeEvent<() => void>;
}

export interface ChromeApi {
  runtime: {
    onConnect: ChromeEvent<(port: Port) => void>;
    onConnectExternal: ChromeEvent<(port: Port) => void>;
  };
  storage: {
    session: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
  };
}

export const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
