import Link from "next/link";
import type { ChannelView } from "@/lib/notify/channels";
import { plural } from "@/lib/format/plural";
import { channelTarget, TYPE_LABELS } from "@/components/channels/channel-words";

/**
 * Where a rule sends: a checkbox per channel of the project, the disabled ones marked (a
 * rule may keep them; nothing goes out until they are enabled again). The API's
 * `/channelIds/<i>` problem shows below, naming the channel.
 */
export function ChannelPicker({
  channels,
  selected,
  onChange,
  error,
  settingsHref,
}: {
  channels: ChannelView[];
  selected: string[];
  onChange: (ids: string[]) => void;
  error?: string;
  settingsHref: string;
}) {
  const chosen = new Set(selected);
  function toggle(id: string, on: boolean) {
    // In the project's order, so the body does not depend on click order.
    onChange(channels.map((c) => c.id).filter((c) => (c === id ? on : chosen.has(c))));
  }
  return (
    <fieldset className="space-y-2" data-field="channelIds" aria-describedby={error ? "rule-channels-error" : undefined}>
      <legend className="text-tremor-default font-medium text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">Channels</legend>
      <ul className="space-y-1.5">
        {channels.map((c) => (
          <li key={c.id}>
            <label className="flex items-start gap-2 text-tremor-default" data-testid="channel-choice" data-channel-name={c.name}>
              <input type="checkbox" className="mt-0.5 h-4 w-4 accent-indigo-500" checked={chosen.has(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} aria-label={c.name} />
              <span className="min-w-0">
                <span className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{c.name}</span>{" "}
                <span className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">
                  {c.type === "inbox" ? null : `${TYPE_LABELS[c.type]} · `}
                  <span className="break-all">{channelTarget(c)}</span>
                </span>
                {c.enabled ? null : (
                  <span className="ml-1 rounded bg-gray-100 px-1.5 text-tremor-label text-gray-700 dark:bg-gray-800 dark:text-gray-300" data-testid="channel-disabled">
                    disabled{c.disabledReason ? `: ${c.disabledReason}` : ""} — nothing is sent until it is enabled
                  </span>
                )}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {error ? (
        <p id="rule-channels-error" role="alert" className="text-tremor-label text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : (
        <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content" data-testid="channels-summary">
          {selected.length === 0 ? "No channel: incidents are recorded, nobody is told." : `Notifies ${plural(selected.length, "channel")}.`}{" "}
          <Link href={settingsHref} className="text-tremor-brand hover:underline">
            Manage channels
          </Link>
        </p>
      )}
    </fieldset>
  );
}
