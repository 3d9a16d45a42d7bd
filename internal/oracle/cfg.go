//go:build oracle

package oracle

/*
#cgo pkg-config: xlutil xenlight
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <libxlutil.h>

static FILE *xo_memstream(char **buf, size_t *len) {
	*buf = NULL; *len = 0;
	return open_memstream(buf, len);
}
*/
import "C"

import (
	"fmt"
	"syscall"
	"unsafe"
)

// CfgKind tells what libxlu holds for a setting name.
type CfgKind int

// The kinds of CfgValue.
const (
	// CfgMissing: the file does not set the name (libxlu's ESRCH).
	CfgMissing CfgKind = iota
	// CfgString: a single value, "string" or a bare number (XLU_STRING).
	CfgString
	// CfgList: a [ ... ] list (XLU_LIST); its items are in List.
	CfgList
)

// String returns "missing", "string" or "list".
func (k CfgKind) String() string {
	switch k {
	case CfgMissing:
		return "missing"
	case CfgString:
		return "string"
	case CfgList:
		return "list"
	}
	return fmt.Sprintf("CfgKind(%d)", int(k))
}

// CfgValue is libxlu's view of one setting (or of one list item).
type CfgValue struct {
	// Kind is missing, string or list.
	Kind CfgKind
	// Str is the value of a string (after libxlu's dequoting and escapes).
	Str string
	// List holds the items of a list in order; an item is a string or,
	// for a nested list, a list.
	List []CfgValue
	// Long is what xlu_cfg_get_long returns for a string setting, when it
	// accepts it as a number (strtol base 0, whole string); otherwise nil.
	// Only set on top-level settings.
	Long *int64
}

// Strings returns the string items of a list, as xlu_cfg_get_listitem
// would, with "" for nested lists (libxlu returns NULL for them); for a
// string it returns the one string, for a missing setting nil.
func (v CfgValue) Strings() []string {
	switch v.Kind {
	case CfgString:
		return []string{v.Str}
	case CfgList:
		out := make([]string, len(v.List))
		for i, it := range v.List {
			out[i] = it.Str
		}
		return out
	}
	return nil
}

// CfgError is a file libxlu rejected.
type CfgError struct {
	// Errno is xlu_cfg_readfile's return value.
	Errno syscall.Errno
	// Report is exactly what libxlu wrote to its report stream.
	Report string
}

// Error returns libxlu's report text (without the final newline), or the
// errno text when libxlu printed nothing.
func (e *CfgError) Error() string {
	if e.Report != "" {
		return trimNL(e.Report)
	}
	return "libxlu: " + e.Errno.Error()
}

// CfgReadFile reads the xl.cfg file at path with xlu_cfg_readfile (the
// report file name, used in libxlu's messages, is path as given), then asks
// libxlu for each of names: its kind and value (strings and lists, nested
// lists included, through xlu_cfg_get_list, xlu_cfg_get_listitem2,
// xlu_cfg_value_get_string ...; numbers through xlu_cfg_get_long). libxlu's
// public API cannot enumerate the settings, hence names. A name set twice
// reports its last value, as libxlu does.
//
// If libxlu rejects the file the error is a *CfgError whose text is what
// libxlu printed.
func CfgReadFile(path string, names []string) (map[string]CfgValue, error) {
	return cfgRead(path, names, func(cfg *C.XLU_Config, cpath *C.char) C.int {
		return C.xlu_cfg_readfile(cfg, cpath)
	})
}

// cfgRead sets up a libxlu config reporting as name, runs read on it and
// queries names.
func cfgRead(name string, names []string, read func(cfg *C.XLU_Config, cname *C.char) C.int) (map[string]CfgValue, error) {
	var buf *C.char
	var blen C.size_t
	rep := C.xo_memstream(&buf, &blen)
	if rep == nil {
		return nil, fmt.Errorf("oracle: open_memstream failed")
	}
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	cfg := C.xlu_cfg_init(rep, cname)
	if cfg == nil {
		C.fclose(rep)
		C.free(unsafe.Pointer(buf))
		return nil, fmt.Errorf("oracle: xlu_cfg_init: out of memory")
	}
	report := func() string {
		C.fflush(rep)
		return C.GoStringN(buf, C.int(blen))
	}
	defer func() {
		C.xlu_cfg_destroy(cfg)
		C.fclose(rep)
		C.free(unsafe.Pointer(buf))
	}()
	if e := read(cfg, cname); e != 0 {
		return nil, &CfgError{Errno: syscall.Errno(e), Report: report()}
	}
	out := make(map[string]CfgValue, len(names))
	for _, n := range names {
		out[n] = cfgGet(cfg, n)
	}
	return out, nil
}

// CfgReadData is CfgReadFile for a config held in memory
// (xlu_cfg_readdata); name is the file name libxlu uses in its messages.
func CfgReadData(name string, data []byte, names []string) (map[string]CfgValue, error) {
	return cfgRead(name, names, func(cfg *C.XLU_Config, cname *C.char) C.int {
		if len(data) == 0 {
			return C.xlu_cfg_readdata(cfg, cname, 0)
		}
		cdata := C.CBytes(data)
		defer C.free(cdata)
		return C.xlu_cfg_readdata(cfg, (*C.char)(cdata), C.int(len(data)))
	})
}

// cfgGet asks libxlu about one top-level name.
func cfgGet(cfg *C.XLU_Config, name string) CfgValue {
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	var list *C.XLU_ConfigList
	var n C.int
	switch C.xlu_cfg_get_list(cfg, cn, &list, &n, 1) {
	case 0:
		return CfgValue{Kind: CfgList, List: cfgList(cfg, list, int(n))}
	case C.ESRCH:
		return CfgValue{Kind: CfgMissing}
	}
	var s *C.char
	if C.xlu_cfg_get_string(cfg, cn, &s, 1) != 0 {
		return CfgValue{Kind: CfgMissing}
	}
	v := CfgValue{Kind: CfgString, Str: C.GoString(s)}
	var l C.long
	if C.xlu_cfg_get_long(cfg, cn, &l, 1) == 0 {
		x := int64(l)
		v.Long = &x
	}
	return v
}

// cfgList converts the n items of a libxlu list.
func cfgList(cfg *C.XLU_Config, list *C.XLU_ConfigList, n int) []CfgValue {
	out := make([]CfgValue, 0, n)
	for i := 0; i < n; i++ {
		item := C.xlu_cfg_get_listitem2(list, C.int(i))
		if item == nil {
			break
		}
		switch C.xlu_cfg_value_type(item) {
		case C.XLU_STRING:
			var s *C.char
			C.xlu_cfg_value_get_string(cfg, item, &s, 1)
			out = append(out, CfgValue{Kind: CfgString, Str: C.GoString(s)})
		case C.XLU_LIST:
			var sub *C.XLU_ConfigList
			C.xlu_cfg_value_get_list(cfg, item, &sub, 1)
			cnt := 0
			for C.xlu_cfg_get_listitem2(sub, C.int(cnt)) != nil {
				cnt++
			}
			out = append(out, CfgValue{Kind: CfgList, List: cfgList(cfg, sub, cnt)})
		}
	}
	return out
}
