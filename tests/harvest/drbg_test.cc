// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn's CTR_DRBG (harvest/drbg.h) against NIST's CAVP known answers: the SP 800-90A
// Deterministic Random Bit Generator Validation System vectors, file CTR_DRBG.rsp of
// drbgvectors_pr_false (drbgtestvectors.zip), section [AES-256 no df] [PredictionResistance =
// False] [EntropyInputLen = 384] [NonceLen = 0] [AdditionalInputLen = 0] [ReturnedBitsLen =
// 512]: COUNT 0-14 with PersonalizationStringLen = 0 and COUNT 0-14 with
// PersonalizationStringLen = 384, 30 vectors. churn's Drbg takes no additional input, so the
// groups with AdditionalInputLen = 384 do not apply. (The same vectors are carried, for
// instance, in aws-lc's crypto/fipsmodule/rand/ctrdrbg_vectors.txt.)
//
// A CAVP case: instantiate with EntropyInput and PersonalizationString, reseed with
// EntropyInputReseed, generate 512 bits and discard them, generate 512 bits: ReturnedBits.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harvest/drbg.h"
#include "harvest/errors.h"

namespace churn::harvest {
namespace {

struct CavpVector {
  const char* entropy_input;
  const char* personalization_string;
  const char* entropy_input_reseed;
  const char* returned_bits;
};

constexpr CavpVector kCtrDrbgAes256NoDf[] = {
    {// COUNT 0, PersonalizationStringLen = 0
     "e4bc23c5089a19d86f4119cb3fa08c0a4991e0a1def17e101e4c14d9c323460a7c2fb58e0b086c6c57b55f56cae25bad",
     "",
     "fd85a836bba85019881e8c6bad23c9061adc75477659acaea8e4a01dfe07a1832dad1c136f59d70f8653a5dc118663d6",
     "b2cb8905c05e5950ca31895096be29ea3d5a3b82b269495554eb80fe07de43e193b9e7c3ece73b80e062b1c1f68202fbb1c52a040ea2478864295282234aaada"},
    {// COUNT 1, PersonalizationStringLen = 0
     "edfdb55e77d418a63e4414dfd42225ed257cf74e99325fba26e8f3a4524a71bc80a731af23256908cb4675a9c253ea6f",
     "",
     "a9372fea93d607fbbc75a97b7f65f2d4ae8c06bd184981572e888a35c5794d2bb380a4ae04bba27f2efcc9e7914b96dc",
     "11b1a0f0bb935ec0c54e089e0cd20832d1f00e7069f30e9ea2e35b7f15ecf0577d0e90035bf0f91ffd9e8a1fa8a507503739afbec19393e02c9b7c230cdea36f"},
    {// COUNT 2, PersonalizationStringLen = 0
     "f253fd442b105434c0f47ba9b6798bc20c8832a142a2a6d965678485a3ac52393528a5e092341d60ad74429f4005f8bb",
     "",
     "600c822b198dbdcd9d13ee25bd4b846e5d8665725eac5347b4cfe7512c1f3fbdc4c51c85d977ca58e9e6485a17c533bb",
     "076419bdd354d6a1f1415a0a71bed94db29cad22f0205d983c841874497875a4857404e573545366850fe6eb5286e0deb87ddd63bb3317b4556a82920412aeef"},
    {// COUNT 3, PersonalizationStringLen = 0
     "8dbf2c37dbbf3862f05af4b32e98edd3d8cd7bd34d8a23daa2d15200daed6e9d238387ba85ddfd35a2986bdf5790e1a7",
     "",
     "f67aed05dea08baa16cbb669ae310a0b8e019da0a7fe2762abf684121292186a50bc13d568576ce5d7aeb080e4604a1e",
     "69666e65c5623140da35927ec39189fcfda0891674efdcd2a7d6f2628921a37bd49a164590413c04f6090a50336f040b015dd8c45452991bcdd96994c5ecc6bd"},
    {// COUNT 4, PersonalizationStringLen = 0
     "2fac25dcea5274a7dbd6af112d757b59a4447f5dcbda972666af071c5d8f71583ec6914a1e685f610b8a43ffada0b411",
     "",
     "52f5b1f927c0873ae375d6a6e140fe594fd474a63bcdcd6a98109e32ad980ce534714ec626dad7acd43101415e5817d2",
     "3096cf20137eb6f94d9d26a4871eddf10285c6984776847105ca9294aafc68925ad8bd7f36bb68fe371476114649ead11b926f9f0fc1d21c744342ff5c44c8e3"},
    {// COUNT 5, PersonalizationStringLen = 0
     "4133a0e6ce837125f46f2a44e05c4f64d76879156ea16a1d16db1d3ec460cc53609fa9e4b3081f9dde0b79f00c93ac5a",
     "",
     "4613b2327dc9054f34faf933d62bf7b12ec8b34626c07ef7512cecd8aedcbd4023f26b859a941c5af77ec1e2e02a1d9c",
     "be02e94fd18c488741fd90b6980118dffba1cda5bd25aa23d44414392201c5a78c3ea68252f92afaaf540b298d3f80a94818f1d1ca84c2be5f66a46191a7548b"},
    {// COUNT 6, PersonalizationStringLen = 0
     "e312fd67b5009ab1c896ba8f85d53fb29517ed2a26d20a4b9d09505ec004bef5739cc94e7f368989c675eee1f40501a2",
     "",
     "176ec11c0d4462ea26b1bdee41208e3ff3b430de11f12567ebe982c16d709f681fcd9f5bd5309f3f2a9d80b3a426929a",
     "07cb9f51e34be38fe1d1c18858ee44db227c1e6a6c2f7d09e9143e87e9e09df0af9a5cb7a183e5d26359509fe619e52e59e3333d3620373d3ae5a008b51ef786"},
    {// COUNT 7, PersonalizationStringLen = 0
     "3eaf30117135d9167c829e35bd8da227a6302471b649381858085e67c65496058ded0ab176a38b3888f4e3c2e65269dd",
     "",
     "df60a1b9fb2f8501756edd09e489fc98a60ed08646f5a2e018f55b71c76b9b7718ac4ae61b41241593829108ddeb0ef0",
     "29c4d540354e97f50f3fb1de84eef471192cd76a670de34176c6465523ff249ed5eafe2c09f091f5ed101cf8a971d782f150a2642ed291e850906e29328d6b8a"},
    {// COUNT 8, PersonalizationStringLen = 0
     "99d5543c192c6a1069bf548d80d678bc42c1f020f0b29a0ceeba424c03f8a8aa38df1c0fe100ee4c1b0bc870b4afa3d2",
     "",
     "a0fddd29c792f6f411b5d532fff2564d492ca15ac8b7fe1b4575e9b59806823665ad7ac4e2adcd2803ccaabe87ab75ed",
     "3d58e98a1f4beda50f84f773c405d106b28f4be6da2a2942098403843bffa3323c53661a7f072a020c68f55ea2b3a9cf9157b7c4cdff5e642ee9be1f436f9c18"},
    {// COUNT 9, PersonalizationStringLen = 0
     "2151ba6cf2ed6a7366991e516443162b6ed4e7f8ef2d6c81ec5e5feb0061e20ced65da27847956194dc6177b5e0befa9",
     "",
     "73418efab1c6039145dc6ce09b84abde4ef4f8eaccbac250213bdd75e2a5e8b42ffb1367bd8d1281e3b0051651f78a05",
     "5b219cb285c820f3bce52b9eff15afa042de3036f1a52896eab34e4476c28c60127cf8daddce0809efafab03c9269cd220a49f79220e14db9d208311d2a22a1b"},
    {// COUNT 10, PersonalizationStringLen = 0
     "7c7321b69fdefdece32c45e47cce07a0d599e83ea8ee5781e2f2ff341f292c0bdb848e5ab379771639e811fed45f63d7",
     "",
     "4b04652d3d0515b305f4da346754c0d398c8cfefe8e5c1edacb79cb8396018bda12ad7d42bf86e801159bb62c34fff68",
     "379c12dc2c8a884c6f40df5353047d74efbd9c626795b86256abec4a6f42ba26529f19e4b043f53776180c7ab16a3817b4a50c09bb3355234786e714edb9e2b4"},
    {// COUNT 11, PersonalizationStringLen = 0
     "3a56329b07dffb8bc7761c0c2b4ec4ec3b7ed2513f0cc3d9be3eb9a153e8e1605d9392dbb951e4b0989ef473301f6f57",
     "",
     "ff6efb9b946748af0992bdc38eeb15d4991bb610692e1fe53ff828405924a544ee0e4da70aa1d0ae55e7925a58cf5597",
     "9f32e40391217833176ca768beedd2839892c6fc17dec5c250f0820c576e4ed615729653515ae13292a2e4aedaa2df74c6535d8c625dd1cab479d3c5ae7bf955"},
    {// COUNT 12, PersonalizationStringLen = 0
     "d550f48af436ae42ea48a8cb0cd615be8db51691b365ef20ed826b28561fbacc9deb28cd3d83655033068948c55683da",
     "",
     "76ea2e732f77b337ddd402e367c158dacc3433feb40d7b4376fb8dc449891336b00841580ea189583ada95cef783d540",
     "8433b2ac45da6fdcbeaf3e6f76e66beb5b90a89a9cb197cfbe405ed53b1dd51a42cfc9aec5fe7cf778f88031fb7b15b0874d4d1ea87ef3895848721b34fb1a35"},
    {// COUNT 13, PersonalizationStringLen = 0
     "ce6137f720affd106396d9b66540580ae216d5d7dab48ed2729cdb3e587c7d8da13ce39ea8d9d8c22220a96b74e7ee9d",
     "",
     "af9f12fddeef001b08a5993f62da5e7c3aff23f882ae874b9f66f28eca1106e6386dd82f07ae1fb6868f186e2ec4f449",
     "219fc160dbc136cdc9a7c3407eafde4639602cc58101c512dfbd85cc26b61fc9a94cdf76f15a1de7a46e36ab64aca3eeae36acd6e3d0b3fe59b75958b3eddd24"},
    {// COUNT 14, PersonalizationStringLen = 0
     "1accff5a19861164c5d2cf542cf41a789f143c7956518ae158d4449ff0c257a00966faa862ccbb363bcf4aeb31089134",
     "",
     "f2fa58209759d84bf38a1656bae655669767a902ade22a830df56b32ef9e1c992335eb4cb27eeb142bfd21b5d31451de",
     "f214b4055d182cb258d9e9b61251bebc9bf090db662c4e36023cc156964fbbe1cedf691cd0c3d7db4262fb65a5d34b942f909b0f31fc18009766413523dcaf40"},
    {// COUNT 0, PersonalizationStringLen = 384
     "ffad10100025a879672ff50374b286712f457dd01441d76ac1a1cd15c7390dd93179a2f5920d198bf34a1b76fbc21289",
     "1d2be6f25e88fa30c4ef42e4d54efd957dec231fa00143ca47580be666a8c143a916c90b3819a0a7ea914e3c9a2e7a3f",
     "6c1a089cae313363bc76a780139eb4f2f2048b1f6b07896c5c412bff0385440fc43b73facbb79e3a252fa01fe17ab391",
     "e053c7d4bd9099ef6a99f190a5fd80219437d642006672338da6e0fe73ca4d24ffa51151bfbdac78d8a2f6255046edf57a04626e9977139c6933274299f3bdff"},
    {// COUNT 1, PersonalizationStringLen = 384
     "f1e0d7b1ac7e4e155bb588500f57d0c59969267ea5427e2d7fde1f9c54e67b7f6562bfc1019b8b5799d2a833fdccac79",
     "86da37245d9bd1fb59a4bc7abd289ea2999258042c5fa696f2da7344bb6ebc5b770ca284bfe642570b52ef47b780d5c9",
     "9c2c9c07cab12cf50f8846148034a416c83366c1e20776073751553cae69da8d1f6bce6bde27087659d69a62e2ba7c3c",
     "e0ac06d7eae89469b6c14a31e7f0464ee21f7b30d2264c2de3e435cb40d0e5043ee13dfbc0342156750880b2d5dddb3bebb43b162a8478235c8b87f96d0284fd"},
    {// COUNT 2, PersonalizationStringLen = 384
     "1dbee767e9916ab322ba461fbf9f7515cfbcb45944a7b471577da087690d94d967018b631e0c1f64da3c805d049f449a",
     "966b5cd94019d4d90b48ea7f540a698cfe30d7eb25f5f7e5fe42d9f53ebed6e94e733b0794fc6bf30627911e20cc18e8",
     "96e828128f183c76c90ec8341a43561368b77114048ccb05db66128d54c9539d1adc1d72f7fb0950e41b1343a9e4df76",
     "c4d3f5c55d3979b174020650ad7a46b423ec446dff2a9e9fe0a782bf65a72d5fcb1896bc1092a8c73f41295e2e7044434f88aa0aca78f7eac40e322cb7c25563"},
    {// COUNT 3, PersonalizationStringLen = 384
     "df588bff3a1fc97a908067da6a7fef08c889ac29ad7d639bd047157bacab4dbdee3dffe575f37d071af94cbd7628d398",
     "548715cfb28c1bc56453b8c39e24cfd64077c0f6e9d959d51b9f0667b97d3c4e1a179d1a554df845b24c26daec85845a",
     "f8c165b5ebd8347a2ffef2218f993877027e977598b4fdac2f65d8d994c7432900f8407ab5aed1885dee5aa2458f5998",
     "deed18220bd8f72a34559924f3cad925ee717690f76bc223d5ffeebbb554b61b9d9eb6ac5697b06331e236672677e2e01d6e3fd581a4fa1ebad289797b68955f"},
    {// COUNT 4, PersonalizationStringLen = 384
     "98555093e443fe8e2bc8d2eb4d3a7abb8eba00b25683a6b31191fff7c043665ec2cad3e99e55bbc241b8edc699dbc9ed",
     "5627a0a55457db05e3903d4b69ce15f55f933168d6eb374c044e8f1040f61ed7eb24f87f91c68cde050f504b8965dd81",
     "18d17e1b68378801f83e7aa9a6d4b84d3960022c740e6c845869a5db553d2e02479cd92f3c0d8abd3e92fc9c9fbc6a3f",
     "7a7f0ab07a540b4e9a3eda3f8bd1262015d8ea6d512dbea05942421f5a73242ac236009ef083bf2e51b19c40d1a019367a6b96fb52d254e4d881550aef0549ed"},
    {// COUNT 5, PersonalizationStringLen = 384
     "07793bac6461f23e5eb0d1bc60b5f735515458d1530540df1c8e6fc5c3ebfb06b9db60a8947eb629ff7a375fe680d696",
     "c1e2132b77b6c15742e06e856c1549c4ccebd1b2eda93e2c43391b52cad51490fe34157f57be9eb4eff463b059986680",
     "23e47e0c41462f7c619bbcd5b73f9ab1c68c7cdf1ec92c4c37126402958e110e329107742e70db611b93974c393936a6",
     "e6dab4a887f48ec33cb293ffdab5fc69595f94c72c5a9bb43f468f75490190b7e0f14f5c04550cb62a6d0ee0c3d834be3434c8229c124087bb985a06b9a37267"},
    {// COUNT 6, PersonalizationStringLen = 384
     "25cefa0512921fd4a3a4e5e7c48c6201185a6968419ae5bcc6667bb74c35de4f91988a33f25ea88a8443c65643cc73dd",
     "07ddf125960c346680b4b361c0a9c6dc1008a85ce1861b45ff18907e6e7db41b046e5f016617e6c5b0ceb5575ac278a8",
     "8cf41e5413b0c8ffacbc4dfc119f10b47569359b911448f45c7ad63dd58e872410c25176b986fee8b83966d0098d996a",
     "ab58ec5c35600566dd2ee187a5b67dfa65bebe13333670d2a198fa5af0c20294c6cb69d37564d2b2587ea5587e12341e77f47f173d6cc9f9b9e5dedf0ee1a8d0"},
    {// COUNT 7, PersonalizationStringLen = 384
     "929f1dec0a6d14de483a2fe114a430796d0b449fca56a4ddbbe661bdc26a8df85cafad7b677ccbf1fe4cb0d5e8cb57a9",
     "0bf8c590a66653c0494750d10274b583d86e540b517bfc23bb3b0c9fde373e456558468603c2115c97d3662e6825f4f2",
     "84030628534b7525dbd4023aed1ab08c4f2b86a7c2fa3bc9559b425cce07c34fac14e963256aea03f74f1122a7a30483",
     "199f2dce5bbe32c693151a216fb36ccea7996c313f6b78fa30ad812a0e603965023fc29706a71b753d79244cb9e8fdaff467e0f963426b10ad89a98e987af316"},
    {// COUNT 8, PersonalizationStringLen = 384
     "7bc5d970186b9e1b0052b7564dbabf61c89cb3d64ff42f9a62d625112aca0486cdf0336c3612254b40cbfba83ab65b42",
     "a25326fef30f9c94423d99759a1ee575536a9715df9526de9a0b8dbcc3a2234cd835615f5dfe7823927355f569ec6f02",
     "ef8a0137013be212402e42b28c03ed6420881aa38b3a3e6e90a861116516df1ef732a19e8935ffcd9be7a2fc236783b7",
     "29f81ecf3f41d278c01bba9af9bc0fe6009539682f46723ce5b0ff75fed217ad71580b5dac46289e324d824094c332c3955c528257701a14ec2bfecce4f62a6c"},
    {// COUNT 9, PersonalizationStringLen = 384
     "0c841a245a19295281163b07541590376d31d86a9be99e66cc22352dabb29f95e113ee233d74d3f2b7f2f608830525f0",
     "28d3581054d87f153aee12edca47bad80bfc9b066ad1e8b9d96c851dc7b8ed768cad007b891d1c9447d43065b483d085",
     "587a1dae75c2a1f2dea7fb42ef7bf38646b76a964ecd7043d8b62fdd9e6a5c007882f02f78fd040561d15a337e59f257",
     "ba7bce080963fe2b4e8f0e1aa700e92b3908e18dc78728666904b0220e4077fef2cd18bbea29a2755a3499798cca445bb75269a5adca2f291dd3875457c69a89"},
    {// COUNT 10, PersonalizationStringLen = 384
     "f4afddabe515ca3e776730e7d44461b27e8f72407ca398d3fb578365e09ea8c24d6c4b09724907a610d755407d38667f",
     "846bcbc7014ca8c6fb042a80d4a8c3aa50b6c5eff15e4b12f966ab17e6514cbb22fb2eed628ee5c2a8acde821a956078",
     "b2aeab1165b150908c9bb52c2b7167c149ea4fb4710edc8acfbc63f7652bb552d636a7e6fc3d1e74d3f65461baaac087",
     "2a0335c3caeeec7c797f99fbc145654d3985c3c71025c8e4bd4b098801f15d21c272420417d805b0ad1ce68f904502a46130246315957bc07a5db4f3447a84e7"},
    {// COUNT 11, PersonalizationStringLen = 384
     "6942413e05ac487cf539bc61aa6866ef8cbd9d0f15e1385f37bba5a951a29fc956d46f8740603af7c71800048c8312ad",
     "47ebb16c24bc17ad179e6730407526187cf9332c172ae56037aee471a0dcfa766fe51808c0a47fd06b9e34bded006c8b",
     "d8275ad1545bc24e77213ce1dfa480d3b7a56a2d5f26c1ab345f9f0ac712ad004b0f6f033b6014c0f78069f92840f62b",
     "1b74cfa6344d294ec3ac8002c510b86c0b459cf7823aeb05336a20c1355a3193966fdc8ba8f7cc1371c9c70a9f7ff553c4c6dadf23f2cb08e4040af51f172ac0"},
    {// COUNT 12, PersonalizationStringLen = 384
     "9c14646d104785546c4cf47396ff1ccdd26cc0cde8c20b5aa64aa0baeae87b58f348914081a1b31d9ae083a0b3588aa2",
     "2476edda7543edfdd3970ae9b27924424955b9588011bf7eabd96456ffffc4c9a08e6b814b7da32d680c2575f9b89e66",
     "04154128284836621bbe445148f71e60dd8421327a0fbf7fce07d6f40a88cf098d4f775fb78155e7e9095a1f635d265f",
     "df70ff84c416964cec9231c308657f918124b75ac93eec8083e76aca89f92a1c6b54df3977003175484bcd6fd5ab5b4a902d775c32ddd8bcf2359b660df1691f"},
    {// COUNT 13, PersonalizationStringLen = 384
     "d20464faf411c7d84e673cdb7058d0451be60a4c54b419ec60cceca757fb97dfc4f0b91e66b35295d68e867463496944",
     "bdd2842555cb7a3ff2ce2743b6c7e3cb465ccbbc044fc5c2faf35ee99413fd1f87915704cb82fcd62c500cf4fd5a430c",
     "ce02ee2c647dc9a455322a142b9226f96eb53c2a99513a7ab349db702cdc55c88125f4ee5aa82a214796b2dae6209138",
     "acc5fd672fa83b2daae703bacf218c98ac29d0751d9d5c9b7bc68582fbd593b1a691acb125bef3c2edc125f9b73ca3391958b3bdd8007fc50422cbf89b00ca05"},
    {// COUNT 14, PersonalizationStringLen = 384
     "44927d98e9c275ad4d07bda6b4c62b29fe562927fb1ee718473b3c74b9b2189a133c11aec3607d39d623ef35096a055f",
     "8c40c5317f29b64da7f4025cda90ae3e99ba1ed350482048f8411af8b694a99272625031716c090f68c0fddc7a701e0d",
     "cb7933c3c803644d4ab7c35b941319bebf6784f98c04754c69359e10c9693b57ae12e38b08ca8a9f0f15142c4476f0bc",
     "e95d375c7b3354190721d598e8fde7aef16fb2a9dc963ed76eef6a12abe2001622725a8e1545c73c9a85995e6b07806e2ac39b179b595bcfd96b2189b5d10497"},
};

std::vector<std::uint8_t> FromHex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::array<std::uint8_t, kDrbgSeedBytes> Seed(const char* hex) {
  const std::vector<std::uint8_t> bytes = FromHex(hex);
  std::array<std::uint8_t, kDrbgSeedBytes> seed{};
  EXPECT_EQ(bytes.size(), seed.size());
  std::copy_n(bytes.begin(), std::min(bytes.size(), seed.size()), seed.begin());
  return seed;
}

// Every vector on the OpenSSL kernel and, where the CPU has it, on the VAES kernel.
void ExpectCavpVectors(AesKernel kernel) {
  ASSERT_EQ(std::size(kCtrDrbgAes256NoDf), 30u);
  int index = 0;
  for (const CavpVector& v : kCtrDrbgAes256NoDf) {
    SCOPED_TRACE("vector " + std::to_string(index) + " (COUNT " + std::to_string(index % 15) +
                 (index < 15 ? ", no personalization)" : ", personalization)"));
    ++index;
    const std::vector<std::uint8_t> personalization = FromHex(v.personalization_string);
    std::unique_ptr<Drbg> drbg;
    ASSERT_FALSE(Drbg::Create(Seed(v.entropy_input), personalization, kernel, &drbg));
    ASSERT_EQ(drbg->kernel(), kernel);
    ASSERT_FALSE(drbg->Reseed(Seed(v.entropy_input_reseed)));
    std::vector<std::uint8_t> first(64), second(64);
    ASSERT_FALSE(drbg->Generate(first));
    ASSERT_FALSE(drbg->Generate(second));
    EXPECT_EQ(second, FromHex(v.returned_bits));
  }
}

TEST(DrbgTest, MatchesNistCavpCtrDrbgAes256NoDfVectorsOnOpenSslKernel) {
  ExpectCavpVectors(AesKernel::kOpenSsl);
}

TEST(DrbgTest, MatchesNistCavpCtrDrbgAes256NoDfVectorsOnVaesKernel) {
  if (!VaesSupported()) GTEST_SKIP() << "this CPU has no VAES + AVX-512 (the kernel is unused)";
  ExpectCavpVectors(AesKernel::kVaes);
}

TEST(DrbgTest, RejectsPersonalizationLongerThanSeedlen) {
  std::unique_ptr<Drbg> drbg;
  const std::vector<std::uint8_t> personalization(kDrbgSeedBytes + 1, 0x5a);
  EXPECT_EQ(Drbg::Create(Seed(kCtrDrbgAes256NoDf[0].entropy_input), personalization, &drbg),
            HarvestErrc::kBadConfig);
}

TEST(DrbgTest, SelfTestPasses) { EXPECT_FALSE(Drbg::SelfTest()); }

}  // namespace
}  // namespace churn::harvest
