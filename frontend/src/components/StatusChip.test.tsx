import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { StatusChip } from './StatusChip';

describe('StatusChip', () => {
  it('shows success with the status code and no tooltip', () => {
    const { container } = render(<StatusChip log={{ status: 'success', status_code: 200, error_message: null }} />);
    expect(screen.getByText('Success · 200').className).toContain('chip-success');
    expect(container.querySelector('[role="tooltip"]')).toBeNull();
  });

  it('shows a failure with its error in a tooltip, as text', () => {
    render(<StatusChip log={{ status: 'failed', status_code: 429, error_message: '<script>window.x=1</script> rate limited' }} />);
    const button = screen.getByRole('button', { name: /Failed · 429/ });
    const tip = document.getElementById(button.getAttribute('aria-describedby')!);
    expect(tip?.textContent).toBe('<script>window.x=1</script> rate limited');
    expect(tip?.querySelector('script')).toBeNull();
  });
});
