"""The Korean cue words of the content measures, as data: Kiwi's morpheme forms, each list with why it is there.

Forms are as Kiwi writes them (제가 is 저/NP + 가/JKS, 했습니다 is 하 + 었 + 습니다), so a cue matches
however the recogniser spaced the words. The rules that combine them live beside each measure.
"""

from __future__ import annotations

# -- shared ---------------------------------------------------------------------------------------------------

PAST = frozenset({"었", "았", "였", "었었", "았었"})  # Kiwi's past-tense EP forms: STAR is told in the past
UNREAL = frozenset({"다면", "면", "으면", "더라면", "더라도", "을", "ᆯ"})  # after the past: "했다면", "했을 것"
I_FORMS = frozenset({"저", "나"})  # NP: 저는/제가/제 (저+의), 나는/내가; 저/IC (a hesitation) is not "I"
WE_FORMS = frozenset({"저희", "우리"})  # NP; 우리은행, 우리카드 are NNP and 우리나라 NNG, so never these
# after 저희/우리 these make it the group that acted ("저희 팀은"); 회사/은행 do not ("저희 회사에 지원한")
TEAM = frozenset({"팀", "조", "부서", "프로젝트", "팀원", "동아리", "연구실", "학회", "스터디", "조원", "파트", "모둠"})
QUOTE_MARKS = frozenset({"'", '"', "‘", "’", "“", "”", "「", "」", "『", "』"})
# EF forms that ask: "-까요", "-나요", "-냐" end a question, which is never a result nor a claim
QUESTION_ENDINGS = ("까", "까요", "나요", "냐", "느냐", "니", "가요", "는가", "ᆫ가", "은가")
# EC forms of a reported question without quote marks: "그 결과가 어땠냐고 물으신다면"
REPORTED_QUESTION = ("냐고", "느냐고", "으냐고")
EMBEDDED_QUESTION = frozenset({"는지", "ᆫ지", "은지", "ᆯ지", "을지", "던지"})  # "어땠는지 물으신다면"
ASKING = frozenset({"묻", "물어보", "질문", "여쭈", "궁금"})  # what follows an embedded question when it is asked

# -- STAR -----------------------------------------------------------------------------------------------------

# place the story in the past on their own: "그 당시", "인턴 시절", "작년 여름" (not "작년보다", a comparison)
SITUATION_NOUNS = frozenset({"당시", "시절", "작년", "재작년", "지난해"})
COMPARED = frozenset({"보다", "대비", "에 비해"})
# a setting followed by 에서/중/때 ("프로젝트에서", "인턴 중에"); a situation only in a past-tense sentence,
# since "회사에서 성장하고 싶습니다" is a wish, not a scene
SETTINGS = frozenset(
    {"프로젝트", "인턴", "인턴십", "동아리", "회사", "공모전", "대회", "수업", "학회", "아르바이트", "알바", "부서"}
    | {"현장", "매장", "연구실", "봉사", "팀", "직장", "스타트업", "학교", "교내", "해커톤", "캡스톤", "실습"}
)
SETTING_ENDINGS = ("위원회", "학생회", "센터", "연구소", "기업", "은행", "병원", "지점", "본부", "공장", "회사")
# a role taken in the story ("인턴으로 일했습니다", "부회장으로 활동했습니다"), in a past-tense sentence
ROLES = frozenset(
    {"인턴", "팀장", "리더", "조장", "회장", "부회장", "총무", "매니저", "사원", "신입사원", "팀원", "봉사자"}
    | {"부원", "멘토", "조교", "파트장", "대표", "운영진", "기획자", "개발자", "디자이너", "아르바이트생"}
)
# nouns that state the job to be done when they are the topic or the complement: "목표는", "과제였습니다"
TASK_NOUNS = frozenset({"목표", "과제", "임무", "미션", "역할", "담당", "책임", "숙제"})
TASK_VERBS = frozenset({"맡"})  # "맡은 역할은", "업무를 맡았습니다"
OBLIGATION = frozenset({"어야", "아야", "여야", "야"})  # EC of "해야 했습니다": what had to be done
# a first-person subject doing one of these in the past is an action; 진행/근무 are left out (scene-setting)
ACTION_NOUNS = frozenset(
    {"도입", "개선", "분석", "설계", "제안", "구축", "해결", "개발", "기획", "설득", "조율", "정리", "조사"}
    | {"작성", "구현", "적용", "자동화", "수정", "변경", "추진", "실행", "시도", "마련", "재설계", "정비", "협의"}
    | {"교육", "리팩터링", "리팩토링", "테스트", "검토", "수립", "설정", "연락", "요청", "정의", "비교", "측정"}
    | {"공유", "건의", "대응", "중재", "제작", "배포", "모니터링", "시각화", "최적화", "검증", "도출", "수집"}
)
ACTION_VERBS = frozenset(
    {"만들", "바꾸", "찾", "나누", "고치", "모으", "세우", "짜", "줄이", "늘리", "찾아내", "만나", "이끌", "돕"}
    | {"가르치", "알리", "열", "나서", "맞추", "묻", "물어보", "쓰", "옮기", "살피", "챙기"}
)
# a first-person 제가 + past verb counts as an action except these, which describe a state or a role
NOT_ACTIONS = frozenset({"있", "없", "되", "하", "이", "계시", "태어나", "자라", "다니", "살", "맡", "생기"})
ACTION_LEADS = frozenset({"그래서", "따라서", "이에", "그리하여", "그러자"})  # "그래서 제가 ..."
# "그 결과", "결과적으로", "덕분에" introduce an outcome; "결과" alone is too common ("결과를 분석")
RESULT_LEADS = frozenset({"덕분"})
# the outcome itself: a change (20% 단축) or an achievement (달성했습니다), in the past
CHANGE_NOUNS = frozenset(
    {"향상", "감소", "단축", "증가", "절감", "개선", "상승", "감축", "확대", "성장", "하락", "회복", "해소"}
)
CHANGE_VERBS = frozenset({"늘", "줄", "오르", "높이", "낮추", "줄이", "늘리", "올리", "떨어지", "내리"})
ACHIEVEMENTS = frozenset(
    {"달성", "수상", "합격", "우승", "입상", "선정", "채택", "수주", "취득", "출시", "등재", "게재", "성공"}
    | {"특허", "완수"}
)
AWARDS = frozenset(
    {"상", "대상", "최우수상", "우수상", "장려상", "금상", "은상", "동상", "특별상", "인기상"}
)  # + 을 받다
OUTCOME_NOUNS = frozenset({"성과", "결과", "성공", "효과", "실적"})  # + 거두/내/얻/이루: "성과를 거두었습니다"
OUTCOME_VERBS = frozenset({"거두", "내", "얻", "이루", "올리", "보"})

# -- concreteness ---------------------------------------------------------------------------------------------

# native numerals Kiwi tags MM ("세 명"); 한 is left out: "한 번", "한 가지" are rarely a count
NATIVE_NUMERALS = frozenset(
    {"두", "세", "네", "석", "넉", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "스무", "서너", "두세"}
)
COUNTERS = frozenset(
    {"명", "개", "건", "원", "번", "가지", "년", "개월", "달", "주", "일", "시간", "분", "초", "월", "퍼센트"}
    | {"프로", "회", "곳", "권", "점", "위", "등", "차례", "배", "쪽", "장", "종", "개국", "단계", "차", "기"}
    | {"페이지", "주년", "명분", "킬로", "톤", "평", "만원", "억", "시"}
)
TIME_UNITS = frozenset({"개월", "달", "주", "일", "시간", "분", "초", "년"})
SPAN_TAILS = frozenset({"간", "동안", "내내", "만"})  # "6주간", "3개월 동안", "3주 만에"
NOT_CONCRETE = frozenset({"살", "학번"})  # an age is no claim (and a blind-hiring risk, flagged there)
# what a change is measured on: "매출이 증가했습니다" names a result without a number
METRICS = frozenset(
    {"매출", "비용", "이익", "수익", "점유율", "전환율", "만족도", "이탈", "속도", "오류", "불량", "재구매"}
    | {"방문자", "가입자", "사용자", "회원", "생산성", "효율", "처리량", "응답", "대기", "클릭", "조회수", "고객"}
)

# -- hedging --------------------------------------------------------------------------------------------------

HEDGE_WORDS = frozenset({"아마", "아마도", "나름"})  # MAG/NNB: "아마", "나름대로"; always soften what follows
SOFTENERS = frozenset({"조금", "좀", "약간"})  # MAG only; "조금씩" is 조금/NNG + 씩 (gradually) and never a hedge
COMPARATIVE = frozenset({"더", "덜"})  # "좀 더 빠르게" is a degree, not a softener
SEEM = frozenset({"것", "거", "듯"})  # NNB before 같/VA or 하/XSA: "것 같습니다", "듯합니다"

# -- relevance ------------------------------------------------------------------------------------------------

# the frame of any interview question, not its topic: "경험을 말씀해 주세요", "본인의 장점과 그 이유"
GENERIC_NOUNS = frozenset(
    {"경험", "말씀", "본인", "자신", "자기", "이유", "사례", "질문", "답변", "이야기", "얘기", "설명", "소개"}
    | {"예시", "생각", "의견", "내용", "부분", "경우", "가지", "정도", "무엇", "당시", "상황", "행동", "결과"}
    | {"역할", "계기", "방법", "과정", "지원자", "면접", "노력", "때문", "다음", "이번", "전체"}
)
# boilerplate of a job posting: every posting has them, so they say nothing of this one
POSTING_NOUNS = frozenset(
    {"채용", "모집", "지원", "자격", "요건", "우대", "사항", "근무", "업무", "담당", "경력", "신입", "회사"}
    | {"직무", "분야", "인원", "전형", "서류", "접수", "마감", "기간", "이상", "관련", "보유", "가능", "지역"}
    | {"고용", "형태", "정규직", "계약직", "급여", "복리", "후생", "문의", "절차", "제출", "주요", "필수"}
)
POSTING_TOP = 15

# -- blind hiring ---------------------------------------------------------------------------------------------

# a school named by Kiwi as NNP + one of these ("한국/NNP 대학교"), or one NNP ending in one ("서울대")
SCHOOL_NOUNS = ("대학교", "대학원", "대학", "고등학교", "중학교", "초등학교", "여고", "여대", "고교", "대")
SCHOOL_NAME_ENDINGS = ("대학교", "대학원", "대학", "고등학교", "중학교", "초등학교", "여고", "여대", "대")
# one-word kinds of school, not names: "공대를 졸업했습니다", "지방대", "경영대학"
SCHOOL_KINDS = frozenset(
    {"공", "공과", "의", "의과", "교", "교육", "사범", "여자", "지방", "명문", "전문", "사이버", "방통", "국립"}
    | {"사립", "해외", "외국", "경영", "인문", "예술", "미술", "음악", "체육", "약", "약학", "법학", "간호"}
)
NOT_SCHOOLS = frozenset({"현대", "시대", "세대", "한대"})  # NNP that end in 대 and are no school (현대 = Hyundai)
# a school counts only beside one of these: "서울대와 협업", "서울대병원" name a partner, not an education
# right after a school name these make it an institution or a partner: "서울대 병원", "고려대 연구팀"
INSTITUTIONS = frozenset({"병원", "연구소", "연구원", "연구팀", "연구진", "산학", "교수", "교수님", "측", "재단"})
EDUCATION = frozenset(
    {"졸업", "재학", "입학", "전공", "출신", "학과", "학부", "학번", "편입", "동문", "수석", "학위", "진학", "과"}
)
EDUCATION_VERBS = frozenset({"나오", "다니"})  # "서울대를 나왔습니다"
PARENTS = frozenset({"아버지", "어머니", "아빠", "엄마", "부모", "부친", "모친", "아버님", "어머님"})
# a parent's job named by these is what 공정채용 asks to leave out; "아버지가 제 롤모델이셨습니다" is not a job
OCCUPATIONS = frozenset(
    {"의사", "교사", "교수", "변호사", "판사", "검사", "공무원", "경찰", "경찰관", "군인", "회사원", "은행원"}
    | {"간호사", "약사", "기자", "사업가", "자영업자", "목사", "회계사", "세무사", "엔지니어", "연구원", "소방관"}
    | {"선생", "선생님", "대표", "사장", "임원", "교장", "공직자", "외교관", "장교", "직업군인", "농부", "어부"}
)
WORKING = frozenset({"근무", "일", "다니", "운영", "종사", "재직"})  # "은행에서 근무하셔서" (with honorific 시)
# regions for "~ 출신" and "~에서 자랐습니다": "삼성전자 출신" or "개발자 출신" is a career, not a hometown
REGIONS = frozenset(
    {"서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "충청"}
    | {"전북", "전남", "전라", "경북", "경남", "경상", "제주", "수원", "성남", "포항", "창원", "전주", "청주"}
    | {"천안", "안동", "목포", "여수", "순천", "춘천", "원주", "강릉", "김해", "구미", "진주", "군산", "익산"}
)
REGION_SUFFIXES = ("", "도", "시", "광역시", "특별시", "군", "지역")
BIRTH = frozenset({"태어나"})  # any NNP + 에서 태어나; 자라 only after a region ("스타트업에서 자라며" is a figure)
GROWING = frozenset({"자라"})
AGE_PERIODS = frozenset({"초반", "중반", "후반"})  # "저는 20대 후반입니다"
# family structure: always about the speaker's family when said in an answer
FAMILY_WORDS = frozenset(
    {"외동", "외동딸", "외동아들", "장남", "장녀", "차남", "차녀", "맏딸", "맏아들", "남매", "삼남매", "형제"}
    | {"자매", "형제자매", "막내딸", "막내아들", "기혼", "미혼"}
)
# 막내 is left out: "팀의 막내였습니다" is a workplace role
LIKENESS = frozenset({"같", "처럼"})  # "형제 같은 동료", "형제처럼 지낸" are figures of speech
# family members after 제/내 ("제 아이가"); 결혼/자녀 alone are topics too ("결혼 정보 회사", "자녀 교육 앱")
MY_FAMILY = frozenset({"아이", "자녀", "아들", "딸", "남편", "아내", "배우자", "와이프", "자식"})
LIFE_EVENTS = frozenset({"결혼", "자녀", "육아", "출산"})  # only with a first-person subject and a particle or 하다
