"""Character data the judge uses beyond what the codecs and unicodedata tell.

The national standards rank CJK characters in two or three tiers of thousands; inside
the first tier, a few hundred characters make up most of running text. Those are listed
here (they are facts of the languages, written down once): a text made of them is very
likely real, and mojibake that happens to land in a first-tier character rarely lands
on these. Short snippets (GBK vs EUC-KR bytes, which overlap) are decided by them.
"""

from __future__ import annotations

__all__ = ["TOP_HAN", "TOP_HANGUL"]

# The most frequent Chinese characters, Simplified, then the Traditional forms of those
# that differ, then frequent kanji of Japanese that neither list has.
_TOP_SIMPLIFIED = (
    "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学"
    "对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面"
    "公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部"
    "正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关"
    "并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安"
    "表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共"
    "风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管"
    "夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品"
    "士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研"
    "像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济"
    "喜离虽坏兴切引排今天气很好朋友谢您吗吧啊呀哪些里边还要学校老师同学生活工作时间今年明天昨天"
    "中国北京上海广州深圳城市国家政府经济发展社会文化历史网络安全信息技术公司企业市场价格银行"
)
_TOP_TRADITIONAL = (
    "這個來們為時說對會後過發經動兩長現樣點實還當學麼從頭無開見問機電話門車間進體書員報聽氣產應"
    "種東關將與務邊網語讓認識親師條變傳區業歷該轉據導幾紅處鐵錢總爾極團隊聲買賣寫雲場運議論選舉標"
    "準確證顯著權續臺灣們裡嗎謝歡迎請愛讀館園藝術費樂風華夠廣層環境調查預計隨參觀晚餐級數據資訊"
)
_TOP_JAPANESE_KANJI = "円駅様込届働私語気持"

TOP_HAN: frozenset[str] = frozenset(_TOP_SIMPLIFIED + _TOP_TRADITIONAL + _TOP_JAPANESE_KANJI)

# The most frequent Hangul syllables of Korean running text.
TOP_HANGUL: frozenset[str] = frozenset(
    "이다는의에하고가을지서기사로한리자어도나대인수시정일아부들그제요구상보전해거주으장니게여만있것"
    "국라내면위동성우소오과였했되마치회문세무조경화적분미실생없방연원계신공와할학반재물관간개중결유"
    "발비형식용모데말야안터까저째싶같알년때께쓰잘좋많큰작새왜누뭐떻왔갔봤됐었았겠습네죠예울람친함영"
    "각훨씬늘날씨눈바교선님집밥차길역버스철를은을까요합니다입니다습니다했다였다어요아요지요죠네요"
    "생각사람시간오늘내일어제우리그런이런저런정말너무아주조금많이함께다시모두먼저나중에처음마지막"
    "한국서울부산대한민국정부회사학교병원시장가게음식물건돈값가격전화메일인터넷컴퓨터휴대폰"
)
