// The one-file drop zone of every import (villages, targets, data values): the file is
// kept in the caller's state, never uploaded by antd itself.
import { InboxOutlined } from '@ant-design/icons';
import { Upload } from 'antd';

export function FileDrop({ accept, file, onChange, text, hint, disabled }: { accept: string; file: File | null; onChange: (file: File | null) => void; text: string; hint: string; disabled?: boolean }) {
  return (
    <Upload.Dragger
      accept={accept}
      multiple={false}
      maxCount={1}
      disabled={disabled}
      fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
      beforeUpload={(f) => {
        onChange(f);
        return false;
      }}
      onRemove={() => {
        onChange(null);
        return true;
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{text}</p>
      <p className="ant-upload-hint">{hint}</p>
    </Upload.Dragger>
  );
}
