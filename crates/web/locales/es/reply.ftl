portal-send-reopen = Enviar y reabrir
portal-send-only = Enviar
portal-reopen-reason = ¿Qué sigue sin funcionar?
