// sst.config.ts protects exactly the production stages, so `protect` is the one switch for
// production-only settings (point-in-time recovery, deletion protection, secret recovery window).
export const isProduction = $app.protect;
