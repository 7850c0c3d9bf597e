/* bie-demo-city-data.c: the word lists and figures the demo city draws from
 *
 * Names are common Colombian given names and family names, barrios are
 * well-known barrio names of each localidad; none of it describes a real
 * person or a real cadastral sector. Everything here is data shown as
 * written (proper names), never translated.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-demo-city"

#include "config.h"

#include "bie-demo-city-private.h"

const char *const bie_demo_female_names[] = {
  "María", "Ana", "Luz", "Martha", "Sandra", "Claudia", "Diana", "Paola", "Carolina", "Andrea",
  "Natalia", "Catalina", "Daniela", "Valentina", "Sofía", "Isabella", "Mariana", "Gabriela",
  "Laura", "Juliana", "Camila", "Valeria", "Sara", "Salomé", "Luciana", "Antonella", "Emilia",
  "Victoria", "Manuela", "Martina", "Ángela", "Adriana", "Alejandra", "Alexandra", "Beatriz",
  "Blanca", "Carmen", "Cecilia", "Clara", "Consuelo", "Constanza", "Dora", "Edith", "Elena",
  "Elizabeth", "Esperanza", "Fabiola", "Flor", "Gloria", "Graciela", "Inés", "Isabel", "Jenny",
  "Johana", "Jimena", "Karen", "Leidy", "Liliana", "Lina", "Lorena", "Lucía", "Lucero",
  "Marcela", "Margarita", "Marisol", "Mercedes", "Mónica", "Nancy", "Nelly", "Olga",
  "Patricia", "Pilar", "Rocío", "Rosa", "Rosalba", "Ruth", "Sonia", "Stella", "Tatiana",
  "Teresa", "Viviana", "Yolanda", "Yaneth", "Yuliana", "Zulma", "Mariela", "Nubia", "Amparo",
  "Gladys", "Aura", "Jazmín", "Lizeth", "Xiomara", "Yesenia", "Dayana", "Nicole", "Ximena",
  "Juana", "Luisa", "Paula", "Verónica", "Ingrid", "Erika", "Helena",
};
const guint bie_demo_n_female_names = G_N_ELEMENTS (bie_demo_female_names);

const char *const bie_demo_male_names[] = {
  "José", "Juan", "Carlos", "Luis", "Jorge", "Andrés", "Miguel", "Pedro", "Fernando", "Javier",
  "Diego", "Alejandro", "Sergio", "Camilo", "Santiago", "Sebastián", "Mateo", "Samuel",
  "Nicolás", "Matías", "Tomás", "Emiliano", "Martín", "Jerónimo", "Gabriel", "Daniel", "David",
  "Felipe", "Esteban", "Julián", "Óscar", "Iván", "Hernán", "Héctor", "Raúl", "Rubén", "Álvaro",
  "Arturo", "Alberto", "Antonio", "Armando", "Édgar", "Eduardo", "Enrique", "Fabio",
  "Francisco", "Germán", "Gustavo", "Guillermo", "Gonzalo", "Humberto", "Jaime", "Jairo",
  "Jesús", "Joaquín", "Leonardo", "Manuel", "Mauricio", "Nelson", "Orlando", "Pablo", "Rafael",
  "Ricardo", "Roberto", "Rodrigo", "Víctor", "William", "Wilson", "Yesid", "Jhon", "Brayan",
  "Kevin", "Cristian", "Duván", "Fredy", "Harold", "Jhonatan", "Jeison", "Wilmer", "Ramiro",
  "Alfonso", "Marco", "Mario", "Milton", "Octavio", "Ómar", "Ignacio", "Gilberto", "Elkin",
  "Emilio", "Agustín", "Simón", "Thiago", "Maximiliano", "Benjamín", "Lucas", "Isaac", "Dylan",
  "Ángel", "Hugo", "Edwin", "Fabián",
};
const guint bie_demo_n_male_names = G_N_ELEMENTS (bie_demo_male_names);

const char *const bie_demo_family_names[] = {
  "Rodríguez", "Gómez", "González", "Martínez", "García", "López", "Hernández", "Sánchez",
  "Ramírez", "Pérez", "Díaz", "Muñoz", "Rojas", "Moreno", "Jiménez", "Vargas", "Castro",
  "Gutiérrez", "Romero", "Ortiz", "Álvarez", "Torres", "Suárez", "Ruiz", "Valencia", "Quintero",
  "Herrera", "Morales", "Mejía", "Castillo", "Aguilar", "Parra", "Guerrero", "Medina",
  "Cárdenas", "Ríos", "Peña", "Núñez", "Cruz", "Chaparro", "Beltrán", "Acosta", "Salazar",
  "Ospina", "Cortés", "Restrepo", "Osorio", "Arias", "Mendoza", "Reyes", "Silva", "Correa",
  "Rincón", "Camacho", "Cifuentes", "Forero", "Barrera", "Bermúdez", "Bernal", "Cabrera",
  "Calderón", "Caro", "Carvajal", "Cuervo", "Duarte", "Escobar", "Espinosa", "Fajardo", "Franco",
  "Galindo", "Garzón", "Gil", "Guzmán", "Hurtado", "Ibáñez", "Jaramillo", "Lozano", "Marín",
  "Mora", "Murillo", "Navarro", "Niño", "Novoa", "Orozco", "Páez", "Pardo", "Pineda", "Poveda",
  "Prieto", "Quiroga", "Rivera", "Robayo", "Rubio", "Salamanca", "Sandoval", "Sarmiento",
  "Sierra", "Sossa", "Tovar", "Triana", "Urrego", "Valbuena", "Vanegas", "Vega", "Velásquez",
  "Villamil", "Zambrano", "Zamora", "Amaya", "Ávila", "Becerra", "Buitrago", "Bustos", "Cano",
  "Cely", "Contreras", "Córdoba", "Cubillos", "Delgado", "Echeverry", "Fonseca", "Gaitán",
  "Galeano", "Gamboa", "Giraldo", "Huertas", "Leal", "León", "Lesmes", "Linares", "Londoño",
  "Malagón", "Melo", "Montaña", "Montoya", "Ocampo", "Otálora", "Patiño", "Pinzón", "Porras",
  "Puentes", "Quevedo", "Riaño", "Rozo", "Saavedra", "Segura", "Soler", "Tamayo", "Téllez",
  "Toro", "Umaña", "Vásquez", "Villalobos", "Zárate",
};
const guint bie_demo_n_family_names = G_N_ELEMENTS (bie_demo_family_names);

/* By BieDemoProfession */
const char *const bie_demo_profession_codes[] = {
  "nurse", "nursing-assistant", "physician", "psychologist", "nutritionist", "social-worker",
  "health-worker",
};

static const char *const usaquen[] = {
  "Santa Bárbara", "Cedritos", "Toberín", "Verbenal", "San Cristóbal Norte", "Los Cedros",
  "Country Club", "La Uribe", "Barrancas", "Servitá", NULL
};
static const char *const chapinero[] = {
  "Chapinero Central", "Chicó", "El Retiro", "Rosales", "Pardo Rubio", "Quinta Camacho",
  "Marly", "La Salle", "Bosque Calderón", NULL
};
static const char *const santa_fe[] = {
  "Las Nieves", "La Perseverancia", "Las Cruces", "La Macarena", "Girardot", "Lourdes",
  "Los Laches", "Germania", NULL
};
static const char *const san_cristobal[] = {
  "Veinte de Julio", "La Victoria", "Altamira", "San Blas", "Los Libertadores", "La Gloria",
  "Sosiego", "Villa Javier", "Juan Rey", NULL
};
static const char *const usme[] = {
  "Santa Librada", "La Aurora", "Comuneros", "Alfonso López", "Danubio", "Yomasa",
  "Gran Yomasa", "Ciudad Usme", "Monteblanco", NULL
};
static const char *const tunjuelito[] = {
  "Tunjuelito", "San Carlos", "Venecia", "Fátima", "Abraham Lincoln", "Isla del Sol",
  "San Benito", "El Carmen", NULL
};
static const char *const bosa[] = {
  "Bosa Centro", "Piamonte", "El Recreo", "La Libertad", "Laureles", "San Bernardino",
  "El Porvenir", "Bosa Nova", "José María Carbonell", NULL
};
static const char *const kennedy[] = {
  "Patio Bonito", "Timiza", "Castilla", "Américas", "Corabastos", "Las Margaritas",
  "Kennedy Central", "Carvajal", "Tintal", "Britalia", NULL
};
static const char *const fontibon[] = {
  "Fontibón Centro", "Modelia", "Hayuelos", "Capellanía", "Zona Franca", "Versalles",
  "La Giralda", "Villemar", NULL
};
static const char *const engativa[] = {
  "Las Ferias", "Minuto de Dios", "Boyacá Real", "Álamos", "Garcés Navas", "Bolivia",
  "Engativá Pueblo", "Santa Cecilia", "Villa Luz", "La Granja", NULL
};
static const char *const suba[] = {
  "Suba Centro", "El Rincón", "Tibabuyes", "La Gaitana", "Niza", "El Prado", "Casablanca",
  "La Campiña", "Pinar de Suba", "Aures", NULL
};
static const char *const barrios_unidos[] = {
  "Doce de Octubre", "Los Alcázares", "Jorge Eliécer Gaitán", "Rionegro", "San Fernando",
  "Siete de Agosto", "Polo Club", NULL
};
static const char *const teusaquillo[] = {
  "Galerías", "Teusaquillo", "La Soledad", "Palermo", "Quinta Paredes",
  "Nicolás de Federmán", "Park Way", "La Esmeralda", NULL
};
static const char *const martires[] = {
  "Santa Isabel", "La Sabana", "Eduardo Santos", "Voto Nacional", "Ricaurte", "El Listón",
  "Paloquemao", NULL
};
static const char *const antonio_narino[] = {
  "Restrepo", "Ciudad Jardín Sur", "La Fragua", "Santander", "Policarpa", "San Antonio", NULL
};
static const char *const puente_aranda[] = {
  "Puente Aranda", "Ciudad Montes", "Muzú", "Zona Industrial", "San Rafael", "Galán",
  "Primavera", "Cundinamarca", NULL
};
static const char *const candelaria[] = {
  "La Concordia", "Belén", "Centro Administrativo", "Las Aguas", "La Catedral", "Egipto", NULL
};
static const char *const rafael_uribe[] = {
  "Quiroga", "Marco Fidel Suárez", "Diana Turbay", "Marruecos", "Olaya", "San José Sur",
  "Molinos", "Bravo Páez", NULL
};
static const char *const ciudad_bolivar[] = {
  "Lucero", "Arborizadora", "Ismael Perdomo", "Jerusalén", "San Francisco", "El Tesoro",
  "Paraíso", "Candelaria La Nueva", "Sierra Morena", "Potosí", NULL
};
static const char *const sumapaz[] = {
  "Nazareth", "Betania", "San Juan", "La Unión", "Nueva Granada", "Santa Rosa", "Las Ánimas",
  NULL
};

/* Population after the district's projections, rounded; the typical stratum
 * after the share of each stratum in the localidad. */
static const BieDemoLocalidadData localidades[] = {
  { "01", 578, 40, usaquen },
  { "02", 168, 48, chapinero },
  { "03", 97, 22, santa_fe },
  { "04", 405, 19, san_cristobal },
  { "05", 380, 14, usme },
  { "06", 188, 24, tunjuelito },
  { "07", 800, 19, bosa },
  { "08", 1030, 25, kennedy },
  { "09", 420, 32, fontibon },
  { "10", 820, 29, engativa },
  { "11", 1270, 30, suba },
  { "12", 140, 35, barrios_unidos },
  { "13", 150, 40, teusaquillo },
  { "14", 90, 28, martires },
  { "15", 85, 29, antonio_narino },
  { "16", 250, 30, puente_aranda },
  { "17", 21, 24, candelaria },
  { "18", 380, 21, rafael_uribe },
  { "19", 660, 14, ciudad_bolivar },
  { "20", 4, 10, sumapaz },
};

/**
 * bie_demo_localidad_data_lookup:
 *
 * Returns: (transfer none) (nullable): what the demo city knows of the
 *   localidad @code
 */
const BieDemoLocalidadData *
bie_demo_localidad_data_lookup (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (localidades); i++)
    if (g_strcmp0 (localidades[i].code, code) == 0)
      return &localidades[i];

  return NULL;
}
