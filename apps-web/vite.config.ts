import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The Spring Boot backend; `npm run dev` proxies the API and the WebSocket to it.
const backend = process.env.JOBTRAIL_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  // Relative asset URLs, so the console also works when the server mounts it below a path.
  base: './',
  plugins: [react()],
  server: {
    proxy: {
      '/graphql': { target: backend, ws: true },
      '/api': { target: backend },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
