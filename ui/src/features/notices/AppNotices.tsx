import { useEffect, useState } from "react";

import { startupNotices } from "../../platform/api";
import { onJobListNotSaved } from "../../platform/events";
import { t } from "../../text";

interface Notice {
  key: string;
  kind: "not-saved" | "startup";
  message: string;
}

/**
 * Banners about the app itself, above every page: what went wrong while it started (a damaged
 * job list moved aside) and a job list that could not be saved (`jobs://not-saved`). Each stays
 * until the person dismisses it; a newer not-saved message replaces the older one.
 */
export function AppNotices() {
  const [notices, setNotices] = useState<Notice[]>([]);

  useEffect(() => {
    let active = true;
    let stop: (() => void) | null = null;
    onJobListNotSaved((message) => {
      if (!active) return;
      setNotices((current) => [
        ...current.filter((notice) => notice.kind !== "not-saved"),
        { key: `not-saved-${String(Date.now())}`, kind: "not-saved", message },
      ]);
    })
      .then((unsubscribe) => {
        if (active) stop = unsubscribe;
        else unsubscribe();
        return startupNotices();
      })
      .then(
        (messages) => {
          if (!active) return;
          setNotices((current) => [
            ...messages.map((message, index) => ({
              key: `startup-${String(index)}`,
              kind: "startup" as const,
              message,
            })),
            ...current,
          ]);
        },
        () => {
          // An app without the command (an older backend) has nothing to say here.
        },
      );
    return () => {
      active = false;
      stop?.();
    };
  }, []);

  if (notices.length === 0) return null;
  return (
    <div className="app-notices">
      {notices.map((notice) => (
        <div
          key={notice.key}
          className={`notice ${notice.kind === "not-saved" ? "notice-error" : "notice-warning"}`}
          role="alert"
          data-testid={`app-notice-${notice.kind}`}
        >
          <p className="notice-title">
            {notice.kind === "not-saved" ? t("notices.notSaved.title") : t("notices.startup.title")}
          </p>
          <p>{notice.message}</p>
          {notice.kind === "not-saved" && <p className="notice-hint">{t("notices.notSaved.hint")}</p>}
          <button
            type="button"
            onClick={() => {
              setNotices((current) => current.filter((other) => other.key !== notice.key));
            }}
          >
            {t("common.dismiss")}
          </button>
        </div>
      ))}
    </div>
  );
}
