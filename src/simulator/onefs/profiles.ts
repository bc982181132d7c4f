/**
 * OneFS release profiles: `--onefs-version 9.2|9.4|9.5|9.5.0.3|9.10` (and the control API's
 * `POST /onefs/profile`) make the simulated cluster answer as that release does where releases
 * are known to differ: the highest API version (`/platform/latest`, and so which `/platform/N`
 * answer), the form of the auth-layer 401, `timeout_inactive` in the login answer, the
 * trailing-slash login, the Referer/Origin strictness of the CSRF check and session renewal.
 * Each profile says where its values come from and how sure we are (docs/simulator.md copies
 * this into its fidelity table).
 */
import type { OneFsBehaviour } from './context';
import type { SessionSettings } from './sessions';

/** A profile: the cluster identity, behaviour knobs and session settings of one release. */
export interface ReleaseProfile {
  /** `onefs_version.release` the cluster reports. */
  readonly onefsVersion: string;
  /** `/platform/latest`. */
  readonly apiVersion: number;
  readonly behaviour: Partial<OneFsBehaviour>;
  readonly session: Partial<SessionSettings>;
  /** Where the values come from, and how sure we are. */
  readonly source: string;
}

/** The releases with a profile, oldest first. */
export const RELEASES = ['9.2', '9.4', '9.5', '9.5.0.3', '9.10'] as const;
export type OneFsRelease = (typeof RELEASES)[number];

/** Shared by every 9.3+ release: replacement cookies instead of extending the idle timer (DOC-cookies, confirmed). */
const REPLACEMENT: Partial<SessionSettings> = { renewal: 'replacement', reportedTimeoutInactive: undefined };

export const RELEASE_PROFILES: Readonly<Record<OneFsRelease, ReleaseProfile>> = {
  '9.2': {
    onefsVersion: '9.2.0.0',
    apiVersion: 12,
    behaviour: { unauthorizedBody: 'json', rejectLoginTrailingSlash: false, csrfOriginCheck: 'present' },
    session: { renewal: 'extend', reportedTimeoutInactive: undefined },
    source:
      'API 12: highest /platform/N in the 9.2 SDK (inferred). JSON 401: pre-9.5 static file (confirmed on 8.x, 9.4). Trailing-slash login accepted: the 404 was first reported on 9.5.0.1 (inferred). CSRF needs a Referer/Origin, match rule unknown: "present" (uncertain). Activity extends the idle timer before 9.3 (DOC-cookies, confirmed).',
  },
  '9.4': {
    onefsVersion: '9.4.0.0',
    apiVersion: 15,
    behaviour: { unauthorizedBody: 'json', rejectLoginTrailingSlash: false, csrfOriginCheck: 'exact' },
    session: REPLACEMENT,
    source: 'API 15: 9.4 SDK (inferred). JSON 401 seen on 9.4.0.5 (confirmed). Trailing slash accepted (inferred). Replacement cookies since 9.3 (confirmed).',
  },
  '9.5': {
    onefsVersion: '9.5.0.1',
    apiVersion: 16,
    behaviour: { unauthorizedBody: 'html', rejectLoginTrailingSlash: true, csrfOriginCheck: 'exact' },
    session: REPLACEMENT,
    source: 'API 16: 9.5 SDK and /platform/latest samples (confirmed). HTML 401 on 9.5+ (client issue, confirmed). Trailing-slash login 404 on 9.5.0.1 (client issue, confirmed).',
  },
  '9.5.0.3': {
    onefsVersion: '9.5.0.3',
    apiVersion: 16,
    behaviour: { unauthorizedBody: 'html', rejectLoginTrailingSlash: true, csrfOriginCheck: 'exact' },
    session: { renewal: 'replacement', reportedTimeoutInactive: 0 },
    source: 'As 9.5, and login reports timeout_inactive 0 (client issue, confirmed) while the real idle timeout stays 900 s (inferred).',
  },
  '9.10': {
    onefsVersion: '9.10.0.0',
    apiVersion: 21,
    behaviour: { unauthorizedBody: 'html', rejectLoginTrailingSlash: true, csrfOriginCheck: 'exact' },
    session: REPLACEMENT,
    source: 'API 21: one version per release after 9.5 (guess; the reference stops at 9.5). HTML 401 as 9.5+ (inferred). Trailing-slash 404 kept from 9.5 (uncertain).',
  },
};

/** The profile of `release`; throws a TypeError naming the allowed releases otherwise. */
export function releaseProfile(release: string): ReleaseProfile {
  if (!(RELEASES as readonly string[]).includes(release)) throw new TypeError(`unknown OneFS release "${release}": use one of ${RELEASES.join(', ')}`);
  return RELEASE_PROFILES[release as OneFsRelease];
}
