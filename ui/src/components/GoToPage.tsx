import { useNavigate, type Page } from "../lib/navigation";

/** A link-styled button that opens another page of the window; nothing outside the app shell. */
export function GoToPage({ page, label, testId }: { page: Page; label: string; testId?: string }) {
  const navigate = useNavigate();
  if (!navigate) return null;
  return (
    <button
      type="button"
      className="link"
      onClick={() => {
        navigate(page);
      }}
      data-testid={testId ?? `go-to-${page}`}
    >
      {label}
    </button>
  );
}
