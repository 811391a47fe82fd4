// Memory Manager's Hawtio plugin: a webpack Module Federation remote, shaped after hawtio/hawtio's
// examples/sample-plugin (tag hawtio-4.2.0). Hawtio loads <Url>/remoteEntry.js (listed by its /plugin endpoint)
// and calls the `plugin` export of the exposed module './plugin'.
const { NormalModuleReplacementPlugin } = require('webpack')
const { ModuleFederationPlugin } = require('webpack').container
const path = require('path')

// The singletons the Hawtio 4.2.0 war shares (its main bundle registers exactly these): the plugin uses the host's
// instances and never bundles its own (import: false), so it cannot end up with a second React or a second
// Hawtio whose Jolokia service knows no connection.
const HOST_SHARED = {
  react: '18.3.1',
  'react-dom': '18.3.1',
  'react-router-dom': '6.26.2',
  '@hawtio/react': '1.5.0',
}

const shared = Object.fromEntries(
  Object.entries(HOST_SHARED).map(([name, version]) => [
    name,
    { singleton: true, import: false, requiredVersion: `^${version}` },
  ]),
)

module.exports = (_, args) => {
  const production = args.mode === 'production'
  return {
    entry: {},
    devtool: false,
    plugins: [
      // PatternFly's styles are the host's (see src/main/ts/host-provides-patternfly.css)
      new NormalModuleReplacementPlugin(
        /^\.\/[\w-]+\.css$/,
        resource => {
          if (/[\\/]@patternfly[\\/]react-styles[\\/]css[\\/]/.test(resource.context)) {
            resource.request = path.resolve(__dirname, 'src/main/ts/host-provides-patternfly.css')
          }
        },
      ),
      new ModuleFederationPlugin({
        name: 'memoryManager',
        filename: 'remoteEntry.js',
        exposes: {
          './plugin': './src/main/ts/index',
        },
        shared,
      }),
    ],
    output: {
      clean: true,
      path: path.resolve(__dirname, 'dist'),
      // chunks load from wherever remoteEntry.js came from (the console's /memory-manager/ or an existing
      // Hawtio's <context>/memory-manager/)
      publicPath: 'auto',
      uniqueName: 'memoryManager',
      filename: production ? 'static/js/[name].[contenthash:8].js' : 'static/js/[name].js',
      chunkFilename: production ? 'static/js/[name].[contenthash:8].chunk.js' : 'static/js/[name].chunk.js',
    },
    module: {
      rules: [
        // .ts apart from .tsx: in a .ts file `<T>(x) => ...` is a generic arrow function, not JSX
        ...[false, true].map(tsx => ({
          test: tsx ? /\.tsx$/ : /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                parser: { syntax: 'typescript', tsx },
                transform: { react: { runtime: 'automatic' } },
                target: 'es2019',
              },
            },
          },
        })),
        {
          test: /\.css$/i,
          use: ['style-loader', 'css-loader'],
        },
        {
          test: /\.(png|svg|jpg|gif|woff2?|ttf|eot)$/i,
          type: 'asset/resource',
          generator: { filename: 'static/media/[name].[contenthash:8][ext]' },
        },
      ],
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.jsx'],
    },
    performance: {
      hints: production ? 'warning' : false,
      maxAssetSize: 1024 * 1024,
      maxEntrypointSize: 1024 * 1024,
    },
    ignoreWarnings: [/Failed to parse source map/],
  }
}
