/**
 * Wakes the app at a given instant to send drafts held over quiet hours. The held draft itself is stored with its
 * `deliver_at`, so a wake-up that never comes delays a DM but loses nothing: the next daily check sends it too.
 */
export interface DeliveryScheduler {
  wakeAt(at: Date): Promise<void>;
  describe(): string;
}

/**
 * The embedded default: a process that serves Slack checks for due drafts every minute (`stockbot serve`), so
 * there is nothing to book.
 */
export const everyMinuteSweep: DeliveryScheduler = {
  wakeAt: async () => {},
  describe: () => 'checked every minute by stockbot serve',
};
