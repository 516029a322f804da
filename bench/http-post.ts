// The benchmarks' HTTP client: node:http over kept-alive sockets. It costs the load generator about a quarter of
// the CPU fetch does per request, and the load generator shares the machine's cores with what it measures.
import { Agent, request } from 'node:http';

export interface PostResult {
  status: number;
  body: unknown;
}

export function createPoster(maxSockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const post = (url: string, body: string): Promise<PostResult> =>
    new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            try {
              resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
            } catch (error) {
              reject(error);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}
