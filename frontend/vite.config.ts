import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The build lands where Maven packages it: the frontend jar's usagelens-dashboard/ folder,
// which the server serves at /.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/usagelens-dashboard',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://localhost:7070', '/health': 'http://localhost:7070' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
