import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The relayer serves the build at /console (relayer/src/api/console-router.ts), scripts and styles under
// /console/assets/. `npm run dev -w console` proxies the API to a relayer on 127.0.0.1:8787.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: false },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:8787', '/metrics': 'http://127.0.0.1:8787' },
  },
});
