// VI / EN switch: one button that toggles, showing both codes with the current one marked.
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLanguageSwitch } from '../features/auth/language';

export function LanguageSwitch({ onDark = false }: { onDark?: boolean }) {
  const { t } = useTranslation();
  const { lang, toggle } = useLanguageSwitch();
  return (
    <Button
      data-testid="lang-switch"
      className={onDark ? 'ts-lang-switch ts-lang-switch-dark' : 'ts-lang-switch'}
      type={onDark ? 'text' : 'default'}
      size="small"
      onClick={toggle}
      aria-label={t('header.switchLanguage')}
      title={t('header.switchLanguage')}
    >
      <span className={lang === 'vi' ? 'on' : undefined} lang="vi">
        VI
      </span>
      <span aria-hidden="true">|</span>
      <span className={lang === 'en' ? 'on' : undefined} lang="en">
        EN
      </span>
    </Button>
  );
}
