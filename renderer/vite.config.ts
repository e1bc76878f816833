import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The renderer is served from app://renderer/ (Electron) and from the loopback
// preview host, so every asset path is relative and nothing is fetched remotely.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
  },
  server: { host: '127.0.0.1', fs: { allow: ['..'] } },
});
