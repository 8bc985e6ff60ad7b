// What board elements need to fetch pictures from the exchange: a class device's call token.
import { createContext, useContext } from 'react';

export const BoardAssets = createContext<{ deviceToken?: string }>({});
export const useBoardAssets = () => useContext(BoardAssets);
