/* vba_classify.c - mraptor-style AutoExec / Write / Execute flags of VBA source. */
#include "config.h"

#include <string.h>

#include "ole_int.h"

/* A logical line longer than this is cut before matching (bounds regex time). */
#define LINE_MAX_CLASSIFY 8192

/*
 * The patterns are oletools' mraptor (A, W, X) as of oletools 0.60, which
 * the corpus labels and most analysts' expectations are based on, plus a
 * few additions that only name file writes, downloads or program starts.
 * Like mraptor, the whole source is matched, comments included: a macro
 * that talks about running something is rare in benign documents, and
 * stripping comments would let "'" tricks hide keywords from no one but us.
 * The AutoExec list is exactly mraptor's (plus Auto_Exit/Auto_New, which
 * Word runs too): no Initialize, so a user form filling its lists when it
 * is shown is an ordinary macro, as the corpus labels it.
 */
static const char re_autoexec_src[] =
	"\\b(?:Auto(?:Exec|_?Open|_?Close|_?Exit|_?New)"
	"|Document(?:_?Open|_Close|_?BeforeClose|Change|_New)"
	"|NewDocument|Workbook(?:_Open|_Activate|_Close|_BeforeClose)"
	"|\\w+_(?:Painted|Painting|GotFocus|LostFocus|MouseHover"
	"|Layout|Click|Change|Resize|BeforeNavigate2|BeforeScriptExecute"
	"|DocumentComplete|DownloadBegin|DownloadComplete|FileDownload"
	"|NavigateComplete2|NavigateError|ProgressChange|PropertyChange"
	"|SetSecureLockIcon|StatusTextChange|TitleChange|MouseMove"
	"|MouseEnter|MouseLeave|OnConnecting))\\b";

static const char re_write_src[] =
	"\\b(?:FileCopy|CopyFile|CopyHere|Kill|CreateTextFile|"
	"VirtualAlloc|RtlMoveMemory|URLDownloadToFileA?|AltStartupPath|WriteProcessMemory|"
	"ADODB\\.Stream|WriteText|SaveToFile|SaveAs|SaveAsRTF|FileSaveAs|MkDir|RmDir|"
	"SaveSetting|SetAttr|MSXML2\\.(?:Server)?XMLHTTP|Microsoft\\.XMLHTTP|"
	"WinHttp(?:\\.WinHttpRequest)?)\\b"
	"|(?:\\bOpen\\b[^\\n]+\\b(?:Write|Append|Binary|Output|Random)\\b)"
	"|\\b(?:Put|Write)\\s*#|\\.Write\\b";

static const char re_execute_src[] =
	"\\b(?:Shell|CreateObject|GetObject|SendKeys|RUN|CALL|MacScript|FollowHyperlink|"
	"CreateThread|ShellExecute(?:A|Ex)?|ExecuteExcel4Macro|EXEC|REGISTER|SetTimer|"
	"CallByName|WScript\\.Shell|vbHide|vbNormalFocus|vbMinimizedFocus|"
	"vbMaximizedFocus|vbNormalNoFocus|vbMinimizedNoFocus|Application\\.Run)\\b"
	"|(?:\\bDeclare\\b[^\\n]+\\bLib\\b)";

typedef struct vba_res {
	GRegex *autoexec, *write, *execute;
} vba_res;

/* Compile the patterns once per process (GRegex is safe to share). */
static const vba_res *
regexes(void)
{
	static gsize once = 0;
	static vba_res r;
	if (g_once_init_enter(&once)) {
		/*
		 * UTF-8 mode (the source was converted from the project code
		 * page): \w and \b are Unicode-aware as in Python 3's re, so
		 * a control with a Japanese name still has its _Click handler.
		 */
		GRegexCompileFlags fl = G_REGEX_CASELESS | G_REGEX_OPTIMIZE;
		r.autoexec = g_regex_new(re_autoexec_src, fl, 0, NULL);
		r.write = g_regex_new(re_write_src, fl, 0, NULL);
		r.execute = g_regex_new(re_execute_src, fl, 0, NULL);
		g_once_init_leave(&once, 1);
	}
	return &r;
}

/* Match the three patterns on one logical line (valid UTF-8 only). */
static void
classify_line(const vba_res *r, const char *s, size_t n, vba_flags *f)
{
	char *fixed = NULL;
	if (n == 0)
		return;
	/* Lines are cut at byte limits: never hand GRegex broken UTF-8. */
	if (!g_utf8_validate(s, (gssize)n, NULL)) {
		fixed = g_utf8_make_valid(s, (gssize)n);
		s = fixed;
		n = strlen(fixed);
	}
	if (!f->autoexec && r->autoexec &&
	    g_regex_match_full(r->autoexec, s, (gssize)n, 0, 0, NULL, NULL))
		f->autoexec = true;
	if (!f->write && r->write &&
	    g_regex_match_full(r->write, s, (gssize)n, 0, 0, NULL, NULL))
		f->write = true;
	if (!f->execute && r->execute &&
	    g_regex_match_full(r->execute, s, (gssize)n, 0, 0, NULL, NULL))
		f->execute = true;
	g_free(fixed);
}

/*
 * Classify source text: lines joined at " _" continuations (as mraptor
 * does), each logical line matched on its own so a huge module cannot make
 * a pattern backtrack over megabytes.
 */
void
triage_vba_classify(const char *src, size_t len, vba_flags *f)
{
	const vba_res *r = regexes();
	GString *line = g_string_sized_new(256);
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && src[e] != '\n' && src[e] != '\r')
			e++;
		size_t n = e - i;
		const char *s = src + i;
		bool cont = false;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n >= 2 && s[n - 1] == '_' && (s[n - 2] == ' ' || s[n - 2] == '\t')) {
			cont = true;
			n--;
		}
		if (line->len < LINE_MAX_CLASSIFY)
			g_string_append_len(line, s, (gssize)MIN(n, LINE_MAX_CLASSIFY - line->len));
		if (!cont) {
			classify_line(r, line->str, line->len, f);
			g_string_truncate(line, 0);
		}
		/* Skip one line end (CRLF, LF or CR). */
		if (e < len && src[e] == '\r')
			e++;
		if (e < len && src[e] == '\n')
			e++;
		i = e;
		if (f->autoexec && f->write && f->execute)
			break;
	}
	classify_line(r, line->str, line->len, f);
	g_string_free(line, TRUE);
}
