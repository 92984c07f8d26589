package extract

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// checkEntities verifies the invariants every result of Entities must satisfy.
func checkEntities(t testing.TB, text string, ents []Entity) {
	t.Helper()
	prev := 0
	for i, e := range ents {
		if e.Start < prev || e.End <= e.Start || e.End > len(text) {
			t.Fatalf("entity %d %q: bad offsets [%d,%d) (previous start %d, len %d)", i, e.Raw, e.Start, e.End, prev, len(text))
		}
		prev = e.Start
		if text[e.Start:e.End] != e.Raw {
			t.Fatalf("entity %d: Raw %q != text[%d:%d] %q", i, e.Raw, e.Start, e.End, text[e.Start:e.End])
		}
		if e.Value == "" {
			t.Fatalf("entity %d %q: empty Value", i, e.Raw)
		}
		switch e.Kind {
		case Money:
			if e.Amount < 0 || math.IsNaN(e.Amount) || math.IsInf(e.Amount, 0) {
				t.Fatalf("money %q: bad amount %v", e.Raw, e.Amount)
			}
		case Wallet, Phone, Handle:
			if e.Amount != 0 {
				t.Fatalf("%s %q: Amount %v", e.Kind, e.Raw, e.Amount)
			}
		default:
			t.Fatalf("entity %q: unknown kind %q", e.Raw, e.Kind)
		}
	}
}

// describe formats entities as "kind Raw => Value (Detail)".
func describe(ents []Entity) []string {
	out := make([]string, len(ents))
	for i, e := range ents {
		out[i] = fmt.Sprintf("%s %s => %s (%s)", e.Kind, e.Raw, e.Value, e.Detail)
	}
	return out
}

func TestEntitiesTable(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		// Money.
		{"usd after", "Pay the 1.99 USD fee", []string{"money 1.99 USD => 1.99 USD (USD)"}},
		{"phone before the final full stop", "You have 1 new voicemail. Please call 08719181513.", []string{"phone 08719181513 => 08719181513 ()"}},
		{"dollar sign", "You won $8 and $ 1,000.50!", []string{"money $8 => 8 USD (USD)", "money $ 1,000.50 => 1000.50 USD (USD)"}},
		{"euro", "Pague 2,50 € o €2,50 o 1.234,56 EUR", []string{"money 2,50 € => 2.50 EUR (EUR)", "money €2,50 => 2.50 EUR (EUR)", "money 1.234,56 EUR => 1234.56 EUR (EUR)"}},
		{"real", "Taxa de R$ 12,90 ou 12,90 reais", []string{"money R$ 12,90 => 12.90 BRL (BRL)", "money 12,90 reais => 12.90 BRL (BRL)"}},
		{"rouble", "пошлина 150 руб, или 2 000 ₽, или 1 250,00 рублей", []string{"money 150 руб => 150 RUB (RUB)", "money 2 000 ₽ => 2000 RUB (RUB)", "money 1 250,00 рублей => 1250.00 RUB (RUB)"}},
		{"rupee ringgit", "fee Rs 500 or Rs.49 or RM80 or ₹99", []string{"money Rs 500 => 500 INR (INR)", "money Rs.49 => 49 INR (INR)", "money RM80 => 80 MYR (MYR)", "money ₹99 => 99 INR (INR)"}},
		{"pound", "only £1.45 today", []string{"money £1.45 => 1.45 GBP (GBP)"}},
		{"crypto", "deposit USDT 50 or 0.125 BTC", []string{"money USDT 50 => 50 USDT (USDT)", "money 0.125 BTC => 0.125 BTC (BTC)"}},
		{"words", "50 euros, 10 dollars, 35 pesos", []string{"money 50 euros => 50 EUR (EUR)", "money 10 dollars => 10 USD (USD)", "money 35 pesos => 35 pesos ()"}},
		{"yuan", "优惠券￥100", []string{"money ￥100 => 100 CNY (CNY)"}},
		{"glued", "1.99USD 5$ 100€", []string{"money 1.99USD => 1.99 USD (USD)", "money 5$ => 5 USD (USD)", "money 100€ => 100 EUR (EUR)"}},
		{"thousands", "1,000 USD and 10.000 EUR", []string{"money 1,000 USD => 1000 USD (USD)", "money 10.000 EUR => 10000 EUR (EUR)"}},
		{"no money", "50% off, 3 items, 2 real friends, USD rates, 1.5 million", nil},

		// Wallets.
		{"btc legacy", "send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa now", []string{"wallet 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa => 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa (BTC)"}},
		{"btc p2sh", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", []string{"wallet 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy => 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy (BTC)"}},
		{"bech32", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", []string{"wallet bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq => bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq (BTC)"}},
		{"bech32 upper", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", []string{"wallet BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4 => bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 (BTC)"}},
		{"taproot", "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297", []string{"wallet bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297 => bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297 (BTC)"}},
		{"eth", "ERC20: 0x742d35Cc6634C0532925a3b844Bc454e4438f44e.", []string{"wallet 0x742d35Cc6634C0532925a3b844Bc454e4438f44e => 0x742d35Cc6634C0532925a3b844Bc454e4438f44e (ETH)"}},
		{"tron", "USDT TRC20 TLyqzVGLV1srkB7dToTAEqgDSfPtXRJZYH", []string{"wallet TLyqzVGLV1srkB7dToTAEqgDSfPtXRJZYH => TLyqzVGLV1srkB7dToTAEqgDSfPtXRJZYH (TRX)"}},
		{"xrp", "XRP rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", []string{"wallet rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh => rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh (XRP)"}},
		{"bad checksum", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr TLyqzVGLV1srkB7dToTAEqgDSfPtXRJZYh 0x742d35Cc6634C0532925a3b844Bc454e4438f44", nil},

		// Phones.
		{"intl", "WhatsApp +1 (415) 555-0172 now", []string{"phone +1 (415) 555-0172 => +14155550172 (whatsapp)"}},
		{"intl ru", "позвоните +7 912 345-67-89.", []string{"phone +7 912 345-67-89 => +79123456789 ()"}},
		{"local ru", "Звоните 8 (912) 345-67-89", []string{"phone 8 (912) 345-67-89 => 89123456789 ()"}},
		{"local br", "Me chama no zap (11) 98765-4321", []string{"phone (11) 98765-4321 => 11987654321 (whatsapp)"}},
		{"local fr", "Appelez le 06 12 34 56 78 ou 06.12.34.56.78 ou 0612345678", []string{"phone 06 12 34 56 78 => 0612345678 ()", "phone 06.12.34.56.78 => 0612345678 ()", "phone 0612345678 => 0612345678 ()"}},
		{"00 prefix", "llame al 0034 612 345 678", []string{"phone 0034 612 345 678 => +34612345678 ()"}},
		{"order numbers", "Order 8123456789012, pedido 81234567890, заказ № 3021456789, tracking 12345678901, #123456789", nil},
		{"dates years", "15.01.2024 2024-01-15 15-01-2024 2023 2024 10:30", nil},
		{"short and ip", "code 482913, 1234567, 192.168.1.1, version 1.2.3.4", nil},
		{"url digits", "https://x.com/track/81234567890?id=12345678901", nil},
		{"card", "card 4111 1111 1111 1111", nil},
		{"amount like", "population 10 000 000 and 1 234 567 890", nil},
		{"es mobile", "Mi móvil 612 345 678", []string{"phone 612 345 678 => 612345678 ()"}},
		{"ids", "SIRET 123 456 789 00012, ИНН 7707083893, DNI 123456789, CPF 123.456.789-09", nil},

		// Handles.
		{"t.me", "write to t.me/ali_seller_vip or https://t.me/+AbCdEfGh1234 or telegram.me/Refund_Bot", []string{"handle t.me/ali_seller_vip => telegram:ali_seller_vip (telegram)", "handle t.me/+AbCdEfGh1234 => telegram:+AbCdEfGh1234 (telegram)", "handle telegram.me/Refund_Bot => telegram:refund_bot (telegram)"}},
		{"t.me reserved", "t.me/share/url?x=1 t.me/joinchat/AAAAAEkk2WdoDrB4", []string{"handle t.me/joinchat/AAAAAEkk2WdoDrB4 => telegram:joinchat/AAAAAEkk2WdoDrB4 (telegram)"}},
		{"wa.me", "wa.me/5215512345678", []string{"handle wa.me/5215512345678 => whatsapp:+5215512345678 (whatsapp)", "phone 5215512345678 => +5215512345678 (whatsapp)"}},
		{"api whatsapp", "https://api.whatsapp.com/send?phone=5511987654321&text=oi", []string{"handle api.whatsapp.com/send?phone=5511987654321 => whatsapp:+5511987654321 (whatsapp)", "phone 5511987654321 => +5511987654321 (whatsapp)"}},
		{"wa group", "chat.whatsapp.com/KxYzAbCdEf12345", []string{"handle chat.whatsapp.com/KxYzAbCdEf12345 => whatsapp:group:KxYzAbCdEf12345 (whatsapp)"}},
		{"at telegram", "Message @TaskManagerAli on Telegram.", []string{"handle @TaskManagerAli => telegram:taskmanagerali (telegram)"}},
		{"at ru", "напишите нам в телеграм @ali_vozvrat_help", []string{"handle @ali_vozvrat_help => telegram:ali_vozvrat_help (telegram)"}},
		{"at tg", "тг: @refund_bot", []string{"handle @refund_bot => telegram:refund_bot (telegram)"}},
		{"at es", "escríbeme por Telegram al @soporte_ali", []string{"handle @soporte_ali => telegram:soporte_ali (telegram)"}},
		{"at no context", "follow @aliexpress for deals; mail bob@x.com", nil},
		{"at email with context", "telegram bob@x.com", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Entities(tc.text)
			checkEntities(t, tc.text, got)
			g := describe(got)
			if strings.Join(g, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Entities(%q)\n got: %q\nwant: %q", tc.text, g, tc.want)
			}
		})
	}
}

func TestMoneyAmount(t *testing.T) {
	for text, want := range map[string]float64{
		"1.99 USD": 1.99, "€2,50": 2.5, "2 000 ₽": 2000, "1.234,56 €": 1234.56, "$1,000,000": 1e6, "0.125 BTC": 0.125,
	} {
		got := Entities(text)
		if len(got) != 1 || got[0].Kind != Money || got[0].Amount != want {
			t.Errorf("Entities(%q) = %+v, want amount %v", text, got, want)
		}
	}
}

func TestEntitiesNoPanicOnOddInput(t *testing.T) {
	inputs := []string{
		"", "+", "+1", "(", "@", "@@", "$", "€", "1", "1.", "1,", "1 ", "t.me/", "wa.me/", "wa.me/+", "chat.whatsapp.com/",
		"\xff1.99 USD\xfe", "1\u00a0000 ₽", "1\u202f000 ₽", strings.Repeat("1", 100), strings.Repeat("1 ", 100),
		strings.Repeat("+1", 100), strings.Repeat("(1", 100), strings.Repeat("1.", 100) + "USD", "Rs.", "Rs.5", "signal.me/#p/+",
		"api.whatsapp.com/send?phone=", "tg://resolve?domain=", strings.Repeat("a", 100), "0x" + strings.Repeat("f", 40),
	}
	for _, in := range inputs {
		checkEntities(t, in, Entities(in))
	}
}

func TestEntitiesLinearTime(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("1 ", 1<<17), strings.Repeat("1.", 1<<17), strings.Repeat("+1 ", 1<<16), strings.Repeat("(1", 1<<17),
		strings.Repeat("@ab telegram ", 1<<14), strings.Repeat("t.me/abcd ", 1<<14), strings.Repeat("1", 1<<18),
		strings.Repeat("$1 ", 1<<16), strings.Repeat("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa ", 1<<12),
	} {
		checkEntities(t, in, Entities(in))
	}
}
