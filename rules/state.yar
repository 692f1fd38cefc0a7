/*
 * state.yar - objects the scanner could not read completely.
 *
 * Never a silent pass: an object stopped by a limit (triage_limit_name
 * says which setting, e.g. max_depth, max_ratio, max_members,
 * max_total_size, time_budget_ms) or that could not be parsed is reported.
 * To quarantine fewer truncated files, lower a severity here, or split the
 * limit rule by triage_limit_name.
 */

rule Limit_Exceeded
{
	meta:
		category = "limit-exceeded"
		severity = "high"
		description = "Part of the message was too large or too deeply nested to check completely"

	condition:
		triage_limit_exceeded
}

rule Corrupt_Object
{
	meta:
		category = "corrupt"
		severity = "low"
		description = "A file in the message is damaged and could not be read completely"

	condition:
		triage_corrupt
}
