// Who is logged in. The server decides what they may do; the client only hides controls.
import { markJoinStep } from '../call/join-steps';
import { create } from 'zustand';
import { can, type Action, type Target } from '../../../shared/auth';
import { api, ApiError, setCsrfToken } from '../api/http';
import type { SessionInfo } from '../api/types';

interface SessionState {
  status: 'unknown' | 'anonymous' | 'authenticated';
  session: SessionInfo | null;
  load: () => Promise<void>;
  login: (email: string, password: string) => Promise<void>;
  adopt: (session: SessionInfo) => void;
  logout: (everywhere?: boolean) => Promise<void>;
  can: (action: Action, target: Target | null) => boolean;
}

export const useSession = create<SessionState>((set, get) => ({
  status: 'unknown',
  session: null,
  async load() {
    try {
      get().adopt(await api.get<SessionInfo>('/api/auth/session'));
      markJoinStep('session-known');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) set({ status: 'anonymous', session: null });
      else throw err;
    }
  },
  async login(email, password) {
    get().adopt(await api.post<SessionInfo>('/api/auth/login', { email, password }));
  },
  adopt(session) {
    setCsrfToken(session.csrfToken);
    set({ status: 'authenticated', session });
  },
  async logout(everywhere = false) {
    await api.post(everywhere ? '/api/auth/logout-everywhere' : '/api/auth/logout');
    setCsrfToken(undefined);
    set({ status: 'anonymous', session: null });
  },
  can(action, target) {
    const s = get().session;
    return !!s && can({ userId: s.user.id, grants: s.grants, classIds: s.classIds }, action, target);
  },
}));
