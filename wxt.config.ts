import { defineConfig } from 'wxt';

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'Liquidation Guard',
    description:
      'Health factor, liquidation prices and ways to get safe for your Aave, Spark, Compound and Morpho loans.',
    permissions: ['storage', 'alarms', 'notifications'],
  },
});
