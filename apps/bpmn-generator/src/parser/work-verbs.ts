/**
 * Verbs of work the rules know (stems; -s, -es, -ed added by the readers):
 * a clause starting with one is an instruction even where the tagger reads
 * the word as a noun ("page the engineer", "file the claim").
 */
export const VERBS =
  'accept|add|allocate|analy[sz]e|approve|archive|assign|audit|book|calculate|call|cancel|charge|check|classify|close|collect|compute|confirm|contact|convert|create|credit|debit|decide|deliver|deploy|enrich|email|enter|evaluate|export|extract|fetch|file|fill|generate|import|index|inform|inspect|install|invoice|issue|load|log|mark|merge|notify|open|order|pack|pay|place|post|prepare|print|process|provision|publish|read|receive|record|refund|register|reject|release|remind|request|reserve|review|route|save|schedule|score|send|ship|sign|store|submit|sync|synchroni[sz]e|test|transfer|transform|translate|update|upload|validate|verify|write';

export const KNOWN_VERB = new RegExp(`^(?:${VERBS})(?:s|es|ed)?$`, 'i');
