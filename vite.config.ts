import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

export default defineConfig({
  root: 'client',
  // Brotli and gzip copies of every asset, sent as they are by the server (express-static-gzip).
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.map$/] })],
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    // `npm run dev:client` proxies the API and sockets to a running `npm start`.
    proxy: {
      '/api': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
