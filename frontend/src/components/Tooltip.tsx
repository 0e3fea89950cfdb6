import { useId, type ReactNode } from 'react';

/**
 * A tooltip shown on hover and on keyboard focus of its trigger (a button, so it is reachable by
 * keyboard), and read by screen readers as the trigger's description. Its content is React text, so
 * whatever it shows is escaped.
 */
export function Tooltip({ trigger, label, children, className }: {
  trigger: ReactNode; label?: string; children: ReactNode; className?: string;
}) {
  const id = useId();
  return (
    <span className={`has-tip ${className ?? ''}`}>
      <button type="button" className="tip-trigger" aria-label={label} aria-describedby={id}>{trigger}</button>
      <span role="tooltip" id={id} className="tip">{children}</span>
    </span>
  );
}
