# Sourced by scripts/demo.sh and scripts/test.sh: the local (emulated) configuration. Every value
# can be overridden from the environment. Nothing here is a secret: it is the emulator's app.
export APP_PORT=${APP_PORT:-3000}
export EMULATOR_PORT=${EMULATOR_PORT:-8787}
export SHOPIFY_API_KEY=${SHOPIFY_API_KEY:-$(sed -n 's/^client_id *= *"\(.*\)"/\1/p' shopify.app.toml)}
export SHOPIFY_API_SECRET=${SHOPIFY_API_SECRET:-creator-codes-dev-secret}
export SHOPIFY_APP_URL=${SHOPIFY_APP_URL:-http://127.0.0.1:$APP_PORT}
export SHOPIFY_EMULATOR_URL=${SHOPIFY_EMULATOR_URL:-http://127.0.0.1:$EMULATOR_PORT}
export APP_BRIDGE_URL=${APP_BRIDGE_URL:-$SHOPIFY_EMULATOR_URL/cdn/app-bridge.js}
# The local mailbox (in the emulator process) receives the members' emails: SMTP on this port,
# messages at $MAILBOX_URL. The app sends there unless a shop saves its own SMTP connection.
export MAILBOX_SMTP_PORT=${MAILBOX_SMTP_PORT:-2525}
export EMAIL_DEFAULT_SMTP_URL=${EMAIL_DEFAULT_SMTP_URL:-smtp://127.0.0.1:$MAILBOX_SMTP_PORT}
export MAILBOX_URL=${MAILBOX_URL:-$SHOPIFY_EMULATOR_URL/mailbox}
export PRISMA_HIDE_UPDATE_MESSAGE=1
