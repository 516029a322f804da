// One resource that breaks its view must not take the page with it: the guard shows what it can instead.
import { Component, type ReactNode } from 'react';

export class RenderGuard extends Component<
  { fallback: ReactNode; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
