/**
 * Values of secret settings (passwords, API keys, tokens) are registered here
 * when the configuration loads; logs and error bodies pass through `redact`,
 * so a secret never leaves the process even if some code prints it by mistake.
 */
const SECRET_NAME = /(PASSWORD|SECRET|API_KEY|ADMIN_KEY|TOKEN|CREDENTIALS|PRIVATE_KEY)/i;
const MIN_SECRET_LENGTH = 4;
const MASK = '[REDACTED]';

const secrets = new Set<string>();

export function isSecretSettingName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  // Credentials inside URLs (`scheme://user:password@host`) are masked even when not registered.
  return out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]+@/gi, `$1${MASK}@`);
}

/** For tests: forget registered secrets. */
export function clearRegisteredSecrets(): void {
  secrets.clear();
}
