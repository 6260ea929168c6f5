import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// Built into dist/ and served by the review service at /; everything is bundled, nothing loads from a CDN.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  // The shared code the browser needs: how a token's claims become a principal, as the services read them, and the
  // rubber-stamp guard's rule, as the simulator applies it too.
  resolve: {
    alias: {
      '@countersign/contracts/rubber-stamp-guard': fileURLToPath(
        new URL('../../../libs/contracts/src/guard/rubber-stamp-guard.ts', import.meta.url),
      ),
      '@countersign/auth/principal': fileURLToPath(
        new URL('../../../libs/auth/src/core/principal.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../../dist/services/review-web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    // `nx serve review-web` during development: the API calls go to a locally running review service.
    proxy: { '/api': 'http://localhost:3000', '/config.json': 'http://localhost:3000' },
  },
});
