import type { ProviderKind } from "../../bindings";
import { t } from "../../text";

/** What kind of processor this is, in words: "Graphics card (CUDA)". */
export function kindLabel(kind: ProviderKind): string {
  return t(`processors.kind.${kind}`);
}

/**
 * The same as a table, for code that indexes it (setup's ProcessorStep). Getters, so the words
 * come from the text active when they are read, not when this module loaded.
 */
export const KIND_LABELS: Readonly<Record<ProviderKind, string>> = {
  get cpu() {
    return kindLabel("cpu");
  },
  get cuda() {
    return kindLabel("cuda");
  },
  get vulkan() {
    return kindLabel("vulkan");
  },
  get opencl() {
    return kindLabel("opencl");
  },
  get other() {
    return kindLabel("other");
  },
};
