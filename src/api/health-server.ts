/** Minimal HTTP server: health only, until the jobs/batches API lands. */
import Fastify from 'fastify';

export async function startHealthServer(host: string, port: number): Promise<void> {
  const app = Fastify({ logger: true });
  app.get('/health', async () => ({ status: 'ok' }));
  await app.listen({ host, port });
}
