// Who may mail documents in: the rules doc's `intake senders`, each an address or a whole domain (`*@shop.example`).

/**
 * Whether `address` is allowed. Case does not matter; `*@shop.example` allows that domain exactly (not
 * `mail.shop.example`, and not `shop.example.attacker.test`). An empty list allows nobody. The From address can be
 * forged, so this keeps out noise, not a determined attacker: nothing mailed in is applied without the owner's tap.
 */
export function senderAllowed(address: string, patterns: readonly string[]): boolean {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf('@');
  if (at <= 0 || at === a.length - 1) return false;
  const domain = a.slice(at + 1);
  return patterns.some((p) => {
    const pattern = p.trim().toLowerCase();
    return pattern.startsWith('*@') ? pattern.slice(2) === domain : pattern === a;
  });
}
