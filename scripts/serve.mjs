// Serves www/ (with the built package under /pkg/) on localhost and prints the URL.
// Static files only: the pages need no server logic. Port: $PORT, or 8080, or the next free one.
import { createServer } from 'node:http';
import sirv from 'sirv';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Serves `www/` at `/` and the generated npm package `pkg/` at `/pkg/`. */
export function createSiteServer() {
  const options = { dev: true, etag: true, extensions: ['html'] };
  const www = sirv(`${root}www`, options);
  const pkg = sirv(`${root}pkg`, options);
  return createServer((request, response) => {
    if (request.url.startsWith('/pkg/')) {
      request.url = request.url.slice('/pkg'.length);
      pkg(request, response, () => notFound(response));
    } else {
      www(request, response, () => notFound(response));
    }
  });
}

function notFound(response) {
  response.statusCode = 404;
  response.setHeader('content-type', 'text/plain; charset=utf-8');
  response.end('Not found\n');
}

/** Listens on the first free port from `port` on, resolving to the server and its URL. */
export function listen(server, port, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE' && port < 65535) {
        resolve(listen(server, port + 1, host));
      } else {
        reject(error);
      }
    });
    server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await listen(createSiteServer(), Number(process.env.PORT) || 8080);
  console.log(`clause-cite is serving www/ at ${url}`);
  console.log(`  reader:    ${url}`);
  console.log(`  demo post: ${url}demo/`);
  console.log('Press Ctrl+C to stop.');
}
