// Word lists the sentence splitter consults around a full stop. Kept apart from the scanner so the
// lists can grow (every splitting bug found in real copy tends to add a word here) without touching logic.

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));

/** Abbreviations matched with their capital (so "Mass." the state is not "mass." the noun). Stored without the final dot. */
export const ABBREVIATIONS_CASED = words(`
  Mr Mrs Ms Mx Messrs Mmes Mme Mlle Dr Drs Prof Profs Gen Gens Gov Govs Sen Sens Rep Reps Lt Col Sgt Capt Cpl Pvt
  Maj Adm Cmdr Cdr Brig Rev Revd Hon Pres Supt Insp Det Fr Sr Jr Esq St Ste Mt Ft Pt Ave Blvd Rd Hwy Sq
  Inc Ltd Co Corp Cos Bros Plc Llc Assn Dept Univ Govt Ph.D M.D B.A M.A
  Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
  Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev
  Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo W.Va
`);

/** Lowercase abbreviations that usually sit mid-sentence. */
export const ABBREVIATIONS_LOWER = words(`
  approx est ca al dept incl excl esp misc ft lb lbs oz km mi hr hrs min mins sec secs yr yrs
`);

/** Never end a sentence. */
export const ALWAYS_CONTINUES = words('e.g i.e vs v cf viz');

/** Abbreviations that come before a number: "No. 5", "Fig. 3", "pp. 12". */
export const ABBREVIATIONS_BEFORE_NUMBERS = words('No Nos no nos Fig fig Figs Vol vol Vols Art Sec Ch ch p pp para Nr');

/** After "5 p.m." or "etc.", these capitalized words continue the sentence. */
export const AFTER_TIME_CONTINUATIONS = words(`
  monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  et est edt ct cst cdt mt mst mdt pt pst pdt gmt bst cet cest eet eest utc ist jst aest aedt msk
  eastern central pacific mountain atlantic greenwich local
`);

/** Words that nearly always open a new sentence when capitalized after an abbreviation. */
export const SENTENCE_STARTERS = words(`
  the a an this that these those there here it its he she they we i you his her their our my your
  but and or so yet however still meanwhile also instead indeed moreover furthermore nevertheless nonetheless
  in on at for from with by after before during since when while if as although though because despite
  under over about according last next earlier later then now today yesterday tomorrow tonight
  some many most several few all both each no not one two three what who why how where which
  such other another overall separately elsewhere still thus hence
`);

/** Verbs that attribute a quote: '"Why now?" Smith asked.' stays one sentence. */
export const SPEECH_VERBS = words(`
  said says asked asks added adds told tells wrote writes replied replies recalled recalls explained explains
  insisted insists shouted shouts exclaimed noted notes continued cried yelled demanded wondered wonders joked
  laughed answered remarked argued argues warned warns declared tweeted posted
`);
