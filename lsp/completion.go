package lsp

import (
	"bytes"
	"strings"

	"github.com/xldisk/xldisk/release"
)

// keyword is one disk-spec parameter the completion offers.
type keyword struct {
	// Name is the keyword ("format") or the flag ("discard").
	Name string
	// Value reports whether it takes "=VALUE".
	Value bool
	// Detail is shown next to the item.
	Detail string
	// Since, when set, is the feature the keyword needs.
	Since *release.Feature
}

var (
	featTrusted = release.TrustedFlags
	featGrant   = release.GrantUsage
	featTap     = release.TapBackend
)

// keywords are the parameters of the disk-spec lexer (libxlu_disk_l.l),
// in the order of xl-disk-configuration(5).
var keywords = []keyword{
	{Name: "target", Value: true, Detail: "the backing file or device; takes the rest of the spec"},
	{Name: "format", Value: true, Detail: "image format (default raw)"},
	{Name: "vdev", Value: true, Detail: "virtual device name seen by the guest"},
	{Name: "access", Value: true, Detail: "read-only (r, ro) or read-write (w, rw)"},
	{Name: "devtype", Value: true, Detail: "device type (cdrom)"},
	{Name: "cdrom", Detail: "alias for devtype=cdrom"},
	{Name: "backend", Value: true, Detail: "backend domain name"},
	{Name: "backendtype", Value: true, Detail: "backend implementation"},
	{Name: "script", Value: true, Detail: "hotplug script"},
	{Name: "specification", Value: true, Detail: "xen or virtio"},
	{Name: "direct-io-safe", Detail: "the backend may use O_DIRECT"},
	{Name: "discard", Detail: "advertise discard to the guest"},
	{Name: "no-discard", Detail: "do not advertise discard"},
	{Name: "trusted", Detail: "the backend is trusted", Since: &featTrusted},
	{Name: "untrusted", Detail: "the backend is not trusted", Since: &featTrusted},
	{Name: "grant_usage", Value: true, Detail: "virtio: use grants (0 or 1)", Since: &featGrant},
	{Name: "colo", Detail: "COLO replication for this disk"},
	{Name: "colo-host", Value: true, Detail: "COLO secondary host"},
	{Name: "colo-port", Value: true, Detail: "COLO secondary port"},
	{Name: "colo-export", Value: true, Detail: "COLO NBD export name"},
	{Name: "active-disk", Value: true, Detail: "COLO active disk"},
	{Name: "hidden-disk", Value: true, Detail: "COLO hidden disk"},
}

// value is one value of a keyword.
type value struct {
	Name   string
	Detail string
	Since  *release.Feature
}

// values are the values of the enumerated keywords.
var values = map[string][]value{
	"format": {{Name: "raw"}, {Name: "qcow"}, {Name: "qcow2"}, {Name: "vhd"}, {Name: "qed"},
		{Name: "empty", Detail: "an empty CD-ROM drive"}},
	"access":  {{Name: "rw", Detail: "read-write"}, {Name: "w", Detail: "read-write"}, {Name: "ro", Detail: "read-only"}, {Name: "r", Detail: "read-only"}},
	"devtype": {{Name: "cdrom"}},
	"backendtype": {{Name: "phy"}, {Name: "qdisk"}, {Name: "tap", Since: &featTap},
		{Name: "standalone", Detail: "with specification=virtio"}},
	"specification": {{Name: "xen"}, {Name: "virtio"}},
	"grant_usage":   {{Name: "1"}, {Name: "0"}},
	"script":        {{Name: "block"}, {Name: "block-iscsi"}, {Name: "block-nbd"}, {Name: "block-enbd"}, {Name: "block-drbd"}},
}

// complete returns the completions at byte offset off of src, or nil when
// off is not inside a disk spec string. v is the Xen release whose
// keywords are offered.
func complete(src []byte, off int, ix *lineIndex, enc encoding, v release.Version) []CompletionItem {
	lits := scanLiterals(src)
	var cur *literal
	var disks []literal
	for i := range lits {
		l := lits[i]
		if l.Key != "disk" {
			continue
		}
		if off > l.Start && off <= l.contentEnd() {
			cur = &lits[i]
			continue
		}
		disks = append(disks, l)
	}
	if cur == nil {
		return nil
	}
	v = v.Or()
	body := src[cur.Start+1 : off]
	segStart := cur.Start + 1
	for _, seg := range bytes.Split(body[:max(0, bytes.LastIndexByte(body, ','))], []byte(",")) {
		if bytes.HasPrefix(bytes.TrimLeft(seg, " \t"), []byte("target=")) {
			return nil // inside the target: it takes the rest of the spec
		}
	}
	if i := bytes.LastIndexByte(body, ','); i >= 0 {
		segStart += i + 1
	}
	for segStart < off && (src[segStart] == ' ' || src[segStart] == '\t') {
		segStart++
	}
	word := string(src[segStart:off])
	// The spec's vdev, if the other parameters give one already: the
	// parameter being written is replaced by a placeholder that keeps its
	// positional slot.
	const hole = "\x00"
	rest := string(src[cur.Start+1:segStart]) + hole
	if end := cur.contentEnd(); off < end {
		if i := bytes.IndexByte(src[off:end], ','); i >= 0 {
			rest += string(src[off+i : end])
		}
	}
	sv := specVdev(rest)
	hasVdev := sv != "" && sv != hole
	vdevs := func() []string {
		if hasVdev {
			return nil
		}
		return freeVdevs(src, lits, disks)
	}
	replace := func(from int) *Range {
		r := ix.rangeOf(from, off, enc)
		return &r
	}
	var items []CompletionItem
	add := func(label, detail string, kind int, from int) {
		r := replace(from)
		items = append(items, CompletionItem{Label: label, Kind: kind, Detail: detail,
			SortText: sortKey(len(items)), TextEdit: &TextEdit{Range: *r, NewText: label}})
	}
	if eq := strings.IndexByte(word, '='); eq >= 0 {
		key, prefix := word[:eq], word[eq+1:]
		from := segStart + eq + 1
		if key == "vdev" {
			for _, name := range vdevs() {
				if strings.HasPrefix(name, prefix) {
					add(name, "unused vdev", CompletionKindValue, from)
				}
			}
			return items
		}
		for _, val := range values[key] {
			if val.Since != nil && !v.Has(*val.Since) {
				continue
			}
			if strings.HasPrefix(val.Name, prefix) {
				add(val.Name, val.Detail, CompletionKindValue, from)
			}
		}
		return items
	}
	for _, k := range keywords {
		if k.Since != nil && !v.Has(*k.Since) {
			continue
		}
		label := k.Name
		if k.Value {
			label += "="
		}
		if strings.HasPrefix(label, word) {
			add(label, k.Detail, CompletionKindKeyword, segStart)
		}
	}
	for _, name := range vdevs() {
		if strings.HasPrefix(name, word) {
			add(name, "unused vdev (positional)", CompletionKindValue, segStart)
		}
	}
	return items
}

// sortKey keeps the items in the order they were added.
func sortKey(i int) string {
	const digits = "0123456789"
	return string([]byte{digits[i/100%10], digits[i/10%10], digits[i%10]})
}

// freeVdevs returns the vdev names the completion offers: xvda..xvdz (and
// hda..hdd for an HVM guest) that no other disk of the domain uses.
func freeVdevs(src []byte, all, disks []literal) []string {
	used := map[string]bool{}
	for _, l := range disks {
		if v := specVdev(string(src[l.Start+1 : l.contentEnd()])); v != "" {
			used[v] = true
		}
	}
	var names []string
	for c := 'a'; c <= 'z'; c++ {
		names = append(names, "xvd"+string(c))
	}
	hvm := settingString(src, all, "type") == "hvm" || settingString(src, all, "builder") == "hvm"
	if hvm {
		for c := 'a'; c <= 'd'; c++ {
			names = append(names, "hd"+string(c))
		}
	}
	var free []string
	for _, n := range names {
		if !used[n] {
			free = append(free, n)
		}
	}
	return free
}

// specVdev returns the vdev of a disk spec read shallowly: the value of
// vdev=, or the positional value in the vdev slot (target, format, vdev,
// access; the format slot is skipped once a "prefix:" or format= was
// seen), without a ":cdrom" or ":disk" suffix. "" when there is none.
func specVdev(spec string) string {
	pos, formatSet := 0, false // pos: next positional slot, 0 target, 1 format, 2 vdev
	for _, seg := range strings.Split(spec, ",") {
		seg = strings.TrimLeft(seg, " \t")
		if k, v, ok := strings.Cut(seg, "="); ok && isKeyword(k) {
			switch k {
			case "target":
				return ""
			case "vdev":
				return stripDevtype(v)
			case "format":
				formatSet = true
			}
			continue
		}
		if isFlag(seg) {
			continue
		}
		switch {
		case pos == 0:
			formatSet = formatSet || hasPrefix(seg)
			pos = 1
		case pos == 1 && !formatSet:
			pos = 2
		default:
			return stripDevtype(strings.TrimRight(seg, " \t"))
		}
	}
	return ""
}

func stripDevtype(v string) string {
	if i := strings.IndexByte(v, ':'); i >= 0 {
		return v[:i]
	}
	return v
}

func isKeyword(k string) bool {
	for _, kw := range keywords {
		if kw.Value && kw.Name == k {
			return true
		}
	}
	return false
}

func isFlag(s string) bool {
	for _, kw := range keywords {
		if !kw.Value && kw.Name == s {
			return true
		}
	}
	return false
}

// hasPrefix reports whether a target starts with a deprecated "name:"
// prefix (a lower-case letter, then letters or digits, then ':').
func hasPrefix(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if c == ':' {
			return true
		}
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return false
}
