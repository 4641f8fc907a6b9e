// The parts of OpenTUI's Solid renderer and of Solid that the TUI plugin uses. They are not
// dependencies of the package: inside OpenCode these imports resolve to the TUI's own bundled
// copies (one renderer, one reactive graph), so only their types are declared here.
declare module "@opentui/solid" {
  export function createElement(tag: string): unknown
  export function insert(parent: unknown, accessor: unknown): unknown
  export function setProp(node: unknown, name: string, value: unknown, prev?: unknown): unknown
  export function effect<T>(fn: (prev?: T) => T, init?: T): void
  export function createComponent(component: unknown, props: unknown): unknown
}

declare module "solid-js" {
  export function createSignal<T>(value: T): [() => T, (next: T | ((prev: T) => T)) => void]
}
