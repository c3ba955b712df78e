export type { DraftNotifier } from '../../services/owner-notices';
