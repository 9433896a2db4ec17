package mockkonnect

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// faultSettings are the key=value settings of a fault's command-line form,
// in the order messages and -h list them. Each sets the Fault field of its
// name.
var faultSettings = []faultSetting{
	{
		key: "route", value: "R", set: setRoute,
		usage: "only requests matching R: a method (PUT), a path pattern without the region " +
			"(/v2/portals/*/audit-log-replay-job; * matches one segment), or both, space-separated",
	},
	{
		key: "first", value: "N", set: setFirst,
		usage: "only the first N attempts of each distinct request (same method, path and body); later attempts go through",
	},
	{
		key: "share", value: "F", set: setShare,
		usage: "only that share of the matching requests, evenly spread (0.5 faults every second one, 0.25 every fourth)",
	},
	{
		key: "delay", value: "D", set: setDelay,
		usage: "how long a " + commandLineKinds(takesDelay, "or") + " fault waits",
	},
	{
		key: "retry-after", value: "S", set: setRetryAfter,
		usage: "Retry-After seconds, for " + commandLineKinds(takesRetryAfter, "and"),
	},
}

// faultSetting is one row of faultSettings.
type faultSetting struct {
	key   string
	value string // what -h calls its value: "delay=D"
	usage string // one sentence for -h (FaultUsage wraps it)
	// set reads value into f, or says what the key wants.
	set func(f *Fault, value string) error
}

// The route is checked with the rest of the fault, by validate.
func setRoute(f *Fault, value string) error {
	f.Route = value
	return nil
}

func setFirst(f *Fault, value string) error {
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 {
		return errors.New("first wants a whole number of attempts, 1 or more")
	}
	f.First = n
	return nil
}

func setShare(f *Fault, value string) error {
	x, err := strconv.ParseFloat(value, 64)
	if err != nil || !(x > 0 && x <= 1) {
		return errors.New("share wants a fraction above 0 and at most 1, such as 0.25")
	}
	f.Share = x
	return nil
}

func setDelay(f *Fault, value string) error {
	d, err := time.ParseDuration(value)
	if err != nil {
		return errors.New("delay wants a duration such as 50ms or 2s")
	}
	f.Delay = d
	return nil
}

// An HTTP date has a comma, and a fixed date in a script goes stale anyway,
// so the command line takes seconds only.
func setRetryAfter(f *Fault, value string) error {
	if value == "" || strings.Trim(value, "0123456789") != "" {
		return errors.New("retry-after wants whole seconds, such as 2")
	}
	f.RetryAfter = value
	return nil
}

// settingKeys lists the keys in error messages.
func settingKeys() string {
	keys := make([]string, len(faultSettings))
	for i, s := range faultSettings {
		keys[i] = s.key
	}
	return strings.Join(keys, ", ")
}

// commandLineKinds is kindNames of the kinds with a command-line form.
func commandLineKinds(keep func(*kindSpec) bool, conj string) string {
	return kindNames(func(k *kindSpec) bool { return k.commandLine && keep(k) }, conj)
}

// ParseFault reads the command-line form of a fault, which FaultUsage
// describes: a kind that has one, then comma-separated key=value settings,
// each setting the Fault field of its name (retry-after in whole seconds
// only). For example "503,first=2,route=PUT" or "stall,delay=1m,route=PUT".
// The result is valid for SetFaults.
func ParseFault(spec string) (Fault, error) {
	items := strings.Split(spec, ",")
	kind := FaultKind(strings.TrimSpace(items[0]))
	allowed := commandLineKinds(anyKind, "")
	k, known := kindsByName[kind]
	switch {
	case kind == "":
		return Fault{}, fmt.Errorf("missing the kind before the first comma (allowed: %s)", allowed)
	case !known:
		return Fault{}, fmt.Errorf("unknown kind %q (allowed: %s)", kind, allowed)
	case !k.commandLine:
		return Fault{}, fmt.Errorf("kind %q is only available from Go, through Fault (allowed here: %s)", kind, allowed)
	}
	f := Fault{Kind: kind}
	seen := map[string]bool{}
	for _, item := range items[1:] {
		item = strings.TrimSpace(item)
		if item == "" {
			continue // a stray comma says nothing
		}
		key, value, ok := strings.Cut(item, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok {
			return Fault{}, fmt.Errorf("%q is not key=value (keys: %s)", item, settingKeys())
		}
		if seen[key] {
			return Fault{}, fmt.Errorf("%q: %s is given twice", item, key)
		}
		seen[key] = true
		i := slices.IndexFunc(faultSettings, func(s faultSetting) bool { return s.key == key })
		if i < 0 {
			return Fault{}, fmt.Errorf("%q: unknown key %q (keys: %s)", item, key, settingKeys())
		}
		if err := faultSettings[i].set(&f, value); err != nil {
			return Fault{}, fmt.Errorf("%q: %w", item, err)
		}
	}
	if err := f.validate(); err != nil {
		return Fault{}, err
	}
	return f, nil
}

// FaultUsage describes the command-line form ParseFault reads, for a
// command's -h: the kinds, then the keys, a line or more each, indented, and
// how rules combine, ending in a newline.
func FaultUsage() string {
	var b strings.Builder
	for _, k := range faultKinds {
		if k.commandLine {
			b.WriteString(wrap(fmt.Sprintf("  %-10s ", k.kind), k.usage))
		}
	}
	b.WriteString("\nand the keys are\n\n")
	for _, s := range faultSettings {
		b.WriteString(wrap(fmt.Sprintf("  %-16s ", s.key+"="+s.value), s.usage))
	}
	b.WriteString("\n")
	b.WriteString(wrap("", "Rules apply in order: the first "+commandLineKinds(delays, "or")+
		" rule that picks a request delays it, then the first other rule that picks it answers instead of the mock. "+
		commandLineKinds(leavesUntouched, "and")+" leave jobs untouched; "+
		commandLineKinds(processes, "and")+" change them as usual."))
	return b.String()
}

// usageWidth is the longest line FaultUsage writes, as the rest of -h keeps
// to.
const usageWidth = 78

// wrap fills text into lines of at most usageWidth columns (unless a word is
// longer), the first starting with prefix and the others indented as far.
func wrap(prefix, text string) string {
	var b strings.Builder
	indent := strings.Repeat(" ", len(prefix))
	line, empty := prefix, true
	for _, word := range strings.Fields(text) {
		if !empty && len(line)+1+len(word) > usageWidth {
			b.WriteString(line + "\n")
			line, empty = indent, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	b.WriteString(line + "\n")
	return b.String()
}
