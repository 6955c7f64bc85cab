import { WithSettings } from "../settings/WithSettings";
import { SetupWizard } from "./SetupWizard";

/** The wizard, started from the saved defaults. */
export function NewJobPage({ onDone }: { onDone: () => void }) {
  return <WithSettings>{(settings) => <SetupWizard settings={settings} onDone={onDone} />}</WithSettings>;
}
