import { createContext, useContext } from 'react';

/** The locale numbers are formatted in (undefined = the browser's). Tests pin it. */
export const LocaleContext = createContext<string | undefined>(undefined);
export const useLocale = () => useContext(LocaleContext);
