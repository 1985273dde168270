// The look: a deep green-blue primary, system fonts that carry Vietnamese diacritics well.
import type { ThemeConfig } from 'antd';

export const PRIMARY = '#0b5c4b';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorLink: '#0a6b57',
    borderRadius: 6,
    fontSize: 15,
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif",
  },
  components: {
    Layout: { headerBg: PRIMARY, headerHeight: 56, headerPadding: '0 16px', siderBg: '#ffffff', bodyBg: '#f4f6f5' },
    Menu: { itemSelectedBg: '#e3f1ec', itemSelectedColor: PRIMARY },
  },
};
