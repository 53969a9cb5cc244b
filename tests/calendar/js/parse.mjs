// Reads an iCalendar file (or, with --many, a JSON array of them) on stdin and prints, as JSON, what Mozilla's ical.js (Thunderbird's
// parser) makes of it. Run under TZ=America/New_York: a floating time then lands on the wrong
// instant, and a TZID without its VTIMEZONE shows as "floating" zone.
import ICAL from "ical.js";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (c) => chunks.push(c));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function time(value) {
  if (!value) return null;
  if (value.isDate) {
    return { date: value.toString(), isDate: true, zone: null };
  }
  return { instant: value.toJSDate().toISOString(), isDate: false, zone: value.zone ? value.zone.tzid : null };
}

function first(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : value;
}

function item(component) {
  const out = {
    uid: first(component, "uid"),
    summary: first(component, "summary"),
    description: first(component, "description"),
    location: first(component, "location"),
    status: first(component, "status"),
    sequence: first(component, "sequence"),
    class: first(component, "class"),
    url: first(component, "url"),
    dtstamp: time(first(component, "dtstamp")),
    created: time(first(component, "created")),
    lastModified: time(first(component, "last-modified")),
    start: time(first(component, "dtstart")),
    end: time(first(component, "dtend")),
    due: time(first(component, "due")),
    completed: time(first(component, "completed")),
    percent: first(component, "percent-complete"),
    duration: first(component, "duration") ? first(component, "duration").toString() : null,
    categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
    attendees: component.getAllProperties("attendee").map((p) => ({
      value: p.getFirstValue(),
      cn: p.getParameter("cn") ?? null,
      role: p.getParameter("role") ?? null,
      partstat: p.getParameter("partstat") ?? null,
    })),
    alarms: component.getAllSubcomponents("valarm").map((a) => ({
      action: first(a, "action"),
      trigger: first(a, "trigger") ? first(a, "trigger").toString() : null,
      description: first(a, "description"),
    })),
  };
  return out;
}

function parseOne(text) {
const calendar = new ICAL.Component(ICAL.parse(text));
// Thunderbird registers the file's VTIMEZONEs before reading times; so do we.
const zones = calendar.getAllSubcomponents("vtimezone");
for (const zone of zones) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const result = {
  name: calendar.name,
  props: Object.fromEntries(
    calendar.getAllProperties().map((p) => [p.name, p.getFirstValue() === null ? null : String(p.getFirstValue())]),
  ),
  propertyCounts: calendar.getAllProperties().reduce((acc, p) => ({ ...acc, [p.name]: (acc[p.name] ?? 0) + 1 }), {}),
  timezones: zones.map((z) => ({
    tzid: first(z, "tzid"),
    standard: z.getAllSubcomponents("standard").map((s) => first(s, "tzoffsetto").toString()),
    daylight: z.getAllSubcomponents("daylight").length,
  })),
  events: calendar.getAllSubcomponents("vevent").map(item),
  todos: calendar.getAllSubcomponents("vtodo").map(item),
  localZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
};
return result;
}

// One calendar on stdin, or with --many a JSON array of calendars (one node start for all).
const input = await readStdin();
const output = process.argv[2] === "--many" ? JSON.parse(input).map(parseOne) : parseOne(input);
process.stdout.write(JSON.stringify(output));
