// A page's title row: title (and optional subtitle) with actions that wrap under it on phones.
import type { ReactNode } from 'react';
import { Typography } from 'antd';

export function PageHeader({ title, subtitle, extra, breadcrumb }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode; breadcrumb?: ReactNode }) {
  return (
    <div className="ts-page-header">
      {breadcrumb}
      <div className="ts-page-header-row">
        <div className="ts-page-header-title">
          <Typography.Title level={2} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subtitle ? <Typography.Text type="secondary">{subtitle}</Typography.Text> : null}
        </div>
        {extra ? <div className="ts-page-header-extra">{extra}</div> : null}
      </div>
    </div>
  );
}
