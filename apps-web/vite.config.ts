import react from '@vitejs/plugin-react';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { defineConfig } from 'vitest/config';

// The Spring Boot backend; `npm run dev` proxies the API and the WebSocket to it.
const backend = process.env.JOBTRAIL_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  // Relative asset URLs, so the console also works when the server mounts it below a path.
  base: './',
  plugins: [
    react(),
    // Pre-compressed copies (.gz, .br) beside each asset: the server sends them as they are.
    compression({
      algorithms: [defineAlgorithm('gzip', { level: 9 }), defineAlgorithm('brotliCompress')],
      threshold: 1024,
    }),
  ],
  server: {
    proxy: {
      '/graphql': { target: backend, ws: true },
      '/api': { target: backend },
    },
  },
  // React, Apollo, the router and graphql-js make the first chunk about 520 kB (160 kB gzip).
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
