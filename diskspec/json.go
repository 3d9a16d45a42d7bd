package diskspec

import (
	"fmt"
	"strconv"

	"github.com/xldisk/xldisk/release"
)

// MarshalLibxlJSON returns the disk as libxl_device_disk_to_json of
// release.Default prints it; see MarshalLibxlJSONFor.
func (d *Disk) MarshalLibxlJSON() ([]byte, error) {
	return d.MarshalLibxlJSONFor(release.Default)
}

// MarshalLibxlJSONFor returns the disk as libxl_device_disk_to_json of Xen
// release v prints it (the JSON that xl -N block-attach prints after
// "disk: "), byte for byte: keys in libxl's IDL order, fields at their
// default left out, a nil string left out but an empty one printed.
// libxl_device_disk_from_json reads it back.
//
// Up to Xen 4.20 libxl writes JSON with yajl, beautified: 4-space indent,
// "key": value, '/' and bytes >= 0x80 raw, control bytes as \u00XX in
// upper-case hex, and a final newline. From 4.21 (release.JSONC) it
// prefers json-c, whose pretty printer writes a 2-space indent,
// "key":value, '/' as \/, control bytes as \u00xx in lower-case hex, and
// no final newline. The zero Version means release.Default. The error is
// for a release xldisk does not know.
func (d *Disk) MarshalLibxlJSONFor(v release.Version) ([]byte, error) {
	if !known(v) {
		return nil, fmt.Errorf("diskspec: unknown Xen release %s", v)
	}
	return d.AppendLibxlJSON(make([]byte, 0, 192), v), nil
}

func known(v release.Version) bool {
	if v.IsZero() {
		return true
	}
	for _, k := range release.Known() {
		if k == v {
			return true
		}
	}
	return false
}

// AppendLibxlJSON appends the disk's libxl JSON for release v (see
// MarshalLibxlJSONFor) to b.
func (d *Disk) AppendLibxlJSON(b []byte, v release.Version) []byte {
	w := jsonWriter{b: append(b, '{'), jsonc: v.Has(release.JSONC)}
	if d.BackendDomid != 0 {
		w.key("backend_domid")
		w.b = strconv.AppendUint(w.b, uint64(d.BackendDomid), 10)
	}
	w.str("backend_domname", d.BackendDomname)
	w.str("pdev_path", d.PdevPath)
	w.str("vdev", d.Vdev)
	if d.Backend != BackendUnknown {
		w.enum("backend", d.Backend.String())
	}
	if d.Format != FormatUnknown {
		w.enum("format", d.Format.String())
	}
	w.str("script", d.Script)
	w.integer("removable", int64(d.Removable))
	w.integer("readwrite", int64(d.Readwrite))
	w.integer("is_cdrom", int64(d.IsCdrom))
	if d.DirectIoSafe {
		w.key("direct_io_safe")
		w.b = append(w.b, "true"...)
	}
	w.defbool("discard_enable", d.DiscardEnable)
	if d.Specification != SpecificationUnknown {
		w.enum("specification", d.Specification.String())
	}
	if d.Transport != TransportUnknown {
		w.enum("transport", d.Transport.String())
	}
	w.integer("irq", int64(d.Irq))
	if d.Base != 0 {
		w.key("base")
		w.b = strconv.AppendUint(w.b, d.Base, 10)
	}
	w.defbool("colo_enable", d.ColoEnable)
	w.defbool("colo_restore_enable", d.ColoRestoreEnable)
	w.str("colo_host", d.ColoHost)
	w.integer("colo_port", int64(d.ColoPort))
	w.str("colo_export", d.ColoExport)
	w.str("active_disk", d.ActiveDisk)
	w.str("hidden_disk", d.HiddenDisk)
	w.defbool("trusted", d.Trusted)
	w.defbool("grant_usage", d.GrantUsage)
	if w.jsonc {
		// json-c: a newline before the closing brace (also of an empty
		// object), no final newline.
		return append(w.b, "\n}"...)
	}
	// yajl ends a beautified map with a newline, then "}" and a final
	// newline at depth 0.
	return append(w.b, "\n\n}\n"[boolInt(w.count > 0):]...)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

type jsonWriter struct {
	b     []byte
	count int
	// jsonc: write as json-c does, else as yajl.
	jsonc bool
}

func (w *jsonWriter) key(k string) {
	if w.count > 0 {
		w.b = append(w.b, ',')
	}
	w.count++
	if w.jsonc {
		w.b = append(w.b, "\n  \""...)
		w.b = append(w.b, k...)
		w.b = append(w.b, "\":"...)
		return
	}
	w.b = append(w.b, "\n    \""...)
	w.b = append(w.b, k...)
	w.b = append(w.b, "\": "...)
}

func (w *jsonWriter) str(k string, v *string) {
	if v == nil {
		return
	}
	w.key(k)
	if w.jsonc {
		w.b = appendJSONCString(w.b, *v)
		return
	}
	w.b = appendYajlString(w.b, *v)
}

func (w *jsonWriter) enum(k, v string) {
	w.key(k)
	w.b = append(w.b, '"')
	w.b = append(w.b, v...)
	w.b = append(w.b, '"')
}

func (w *jsonWriter) integer(k string, v int64) {
	if v == 0 {
		return
	}
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jsonWriter) defbool(k string, v Defbool) {
	if v == DefboolDefault {
		return
	}
	w.key(k)
	if v == DefboolTrue {
		w.b = append(w.b, `"True"`...)
	} else {
		w.b = append(w.b, `"False"`...)
	}
}

// appendYajlString quotes s as yajl_string_encode does: '"' and '\\'
// escaped, \b \f \n \r \t by name, other bytes below 0x20 as \u00XX with
// upper-case hex, everything else (including '/', DEL and bytes >= 0x80,
// valid UTF-8 or not) written raw.
func appendYajlString(b []byte, s string) []byte {
	return appendQuoted(b, s, false, "0123456789ABCDEF")
}

// appendJSONCString quotes s as json-c's json_escape_str does with libxl's
// flags (JSON_C_TO_STRING_PRETTY): as yajl, but '/' is escaped too and the
// \u00xx escapes use lower-case hex.
func appendJSONCString(b []byte, s string) []byte {
	return appendQuoted(b, s, true, "0123456789abcdef")
}

// appendQuoted is the quoting both JSON writers share: '"' and '\\'
// escaped, '/' too when slash is set, \b \f \n \r \t by name, other bytes
// below 0x20 as \u00 and two digits of hex, everything else raw.
func appendQuoted(b []byte, s string, slash bool, hex string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var esc string
		switch {
		case c == '"':
			esc = `\"`
		case c == '\\':
			esc = `\\`
		case c == '/' && slash:
			esc = `\/`
		case c == '\b':
			esc = `\b`
		case c == '\f':
			esc = `\f`
		case c == '\n':
			esc = `\n`
		case c == '\r':
			esc = `\r`
		case c == '\t':
			esc = `\t`
		case c < 0x20:
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			start = i + 1
			continue
		default:
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
