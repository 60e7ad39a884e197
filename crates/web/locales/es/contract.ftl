# El contrato: qué cubre el abono en cada campus, el alcance de cada ticket y el alcance sugerido.

contract-coverage-title = Qué cubre el abono
contract-plan-line = Plan: { $plan } · { $hours } h de administración del campus por mes
contract-not-hosted-note = Este campus no está alojado en nuestros servidores: los servicios marcados con asterisco en el contrato no le corresponden.
contract-included = Incluido
contract-not-included = No incluido
contract-why-not-in-plan = el plan no lo incluye
contract-why-not-hosted = solo para campus alojados en nuestros servidores

contract-service-hosting = Alojamiento (hosting)
contract-service-server-maintenance = Mantenimiento del servidor
contract-service-security = Seguridad del sistema
contract-service-monitoring = Monitoreo de los sistemas
contract-service-os-db-updates = Actualizaciones del sistema operativo y de la base de datos
contract-service-bug-fixes = Corrección de errores
contract-service-daily-backups = Copias de seguridad diarias
contract-service-version-upgrade = Actualización de versión (tras 6 meses de servicio)
contract-service-functional-support = Soporte funcional
contract-service-technical-support = Soporte técnico
contract-service-administrative-commercial = Consultas administrativas y peticiones comerciales
contract-service-complaints = Reclamos

contract-plan-services = Servicios del plan
contract-plan-services-hint = Marque qué servicios incluye el plan y cuáles corresponden solo a los campus alojados en nuestros servidores (los del asterisco en el contrato).
contract-service = Servicio
contract-hosted-only = Solo campus alojados
contract-plan-services-save = Guardar servicios

scope-reason-custom-development = desarrollo a medida (programación hecha a pedido)
scope-reason-core-modification = modificación del núcleo de la plataforma
scope-reason-integration = integración con otros sistemas
scope-reason-campus-administration = administración del campus (tareas del administrador: cursos, contenidos, usuarios)
scope-reason-not-hosted = servicio solo para campus alojados en nuestros servidores
scope-reason-other = otro trabajo que el abono no incluye

contract-scope-label = Alcance
contract-scope-included = Incluido en el abono
contract-scope-admin-hours = Se descuenta de las horas de administración del campus
contract-scope-out = Fuera del abono: { $reason }
contract-scope-note = Nota del alcance
contract-no-reason = — sin motivo —
contract-reason-help = Obligatorio para «Fuera de alcance»; se ignora con los otros alcances.

contract-suggestion-title = Alcance sugerido
contract-suggestion-accept = Aceptar la sugerencia
contract-suggestion-override-hint = Para otro alcance, use el formulario de clasificación: queda registrado como reemplazo de la sugerencia.
contract-why-matched = Coincide con «{ $words }»: { $rule }.
contract-rule-core-change = pide cambiar el código del núcleo de la plataforma
contract-rule-plugin-install = pide instalar un plugin o módulo (incluido)
contract-rule-custom-build = pide algo desarrollado a medida
contract-rule-integration = pide conectar el campus con otro sistema
contract-rule-how-to = pregunta cómo hacer algo (soporte funcional)
contract-rule-version-upgrade = pide la actualización de versión (todo campus la tiene)
contract-rule-server-not-hosted = trabajo de servidor (copias, actualizaciones, seguridad, alojamiento) en un campus que no está en nuestros servidores
contract-rule-server-hosted = trabajo de servidor en un campus alojado en nuestros servidores (incluido)
contract-rule-incident = informa algo que no funciona (soporte técnico)
contract-rule-admin-task = pide tareas propias del administrador del campus sobre cursos, usuarios o contenidos
contract-rule-no-rule = no se reconoce ninguna exclusión (incluido por defecto)
contract-decision-accepted = Aceptada
contract-decision-overridden = Reemplazada por otro alcance
event-scope-suggestion-decided = Sugerencia de alcance

field-scope-note = Nota del alcance
field-services-service = Servicio
err-reason-not-allowed = solo «Fuera de alcance» lleva motivo.
err-duplicate = está repetido.
state-no-scope-suggestion = Este ticket no tiene alcance sugerido.
state-scope-suggestion-decided = La sugerencia de alcance ya fue aceptada o reemplazada.
